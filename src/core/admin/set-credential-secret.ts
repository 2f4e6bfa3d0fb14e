// Stores a credential's client secret, or its certificate and private key, in the store's secret
// space (Forge: kvs.setSecret). A certificate is checked before it is kept: both PEMs parse, the
// key is an unencrypted RSA key (client assertions are RS256), it matches the certificate, and
// the certificate has not expired. Only the time and the SHA-1 thumbprint go into the
// configuration. https://learn.microsoft.com/entra/identity-platform/certificate-credentials
import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import * as z from 'zod';
import { Slug } from '../../config/schema';
import { credentialSecretKey, type CredentialSecret } from '../../config/secret-keys';
import { saveConfig } from '../config-store';
import { OperationError } from '../operation';
import { adminOperation, auditAdmin } from './deps';
import { forgetTokens, type SecretStatus } from './secret-status';
import { storedOrEmpty } from './store-configuration';

const SetSecretInput = z
  .object({
    credentialId: Slug,
    secret: z.discriminatedUnion('kind', [
      z
        .object({
          kind: z.literal('secret'),
          clientSecret: z
            .string()
            .trim()
            .min(1, 'Paste the client secret value.')
            .max(1000, 'At most 1,000 characters.'),
        })
        .strict(),
      z
        .object({
          kind: z.literal('certificate'),
          privateKeyPem: z.string().trim().min(1, 'Paste the private key (PEM).').max(20_000),
          certificatePem: z.string().trim().min(1, 'Paste the certificate (PEM).').max(20_000),
        })
        .strict(),
    ]),
  })
  .strict();

function refuse(path: string, message: string): never {
  throw new OperationError('invalid_secret_input', message, [{ path, message }]);
}

/** Parses and checks a certificate credential; returns what is stored and its thumbprint. */
export function checkCertificate(
  privateKeyPem: string,
  certificatePem: string,
  now: number,
): { secret: CredentialSecret; thumbprint: string } {
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(certificatePem);
  } catch {
    refuse(
      'secret.certificatePem',
      'This is not a PEM certificate (a BEGIN CERTIFICATE block). Export the certificate as Base64 (PEM).',
    );
  }
  let key: KeyObject;
  try {
    key = createPrivateKey(privateKeyPem);
  } catch {
    // Node's decoder error names the routine, never the key; still, say only what to do.
    refuse(
      'secret.privateKeyPem',
      'This private key cannot be read. Paste an unencrypted PEM key ("BEGIN PRIVATE KEY" or "BEGIN RSA PRIVATE KEY"); export it without a password.',
    );
  }
  if (key.asymmetricKeyType !== 'rsa')
    refuse('secret.privateKeyPem', 'Use an RSA key: Entra client assertions are signed with RS256.');
  if (!certificate.checkPrivateKey(key))
    refuse(
      'secret.privateKeyPem',
      'This private key does not belong to the certificate. Paste the key the certificate was made with.',
    );
  const notAfter = Date.parse(certificate.validTo);
  if (Number.isFinite(notAfter) && notAfter <= now) {
    refuse(
      'secret.certificatePem',
      `This certificate expired on ${new Date(notAfter).toISOString().slice(0, 10)}. Create a new one and upload it to the app registration too.`,
    );
  }
  return {
    secret: {
      kind: 'certificate',
      privateKeyPem: key.export({ type: 'pkcs8', format: 'pem' }).toString(),
      certificatePem: certificate.toString(),
    },
    thumbprint: certificate.fingerprint.replace(/:/g, '').toUpperCase(),
  };
}

export const setCredentialSecret = adminOperation({
  input: SetSecretInput,
  async run(deps, input): Promise<SecretStatus> {
    const startedAt = deps.clock.now();
    const config = await storedOrEmpty(deps.store);
    const credential = config.credentials.find((c) => c.id === input.credentialId);
    if (!credential) {
      throw new OperationError(
        'not_found',
        `Credential "${input.credentialId}" is not saved yet: save the configuration first, then store its secret.`,
        [{ path: 'credentialId', message: 'Save this credential first.' }],
      );
    }
    if (credential.kind !== input.secret.kind) {
      const expected = credential.kind === 'secret' ? 'a client secret' : 'a certificate and its private key';
      refuse(
        'secret.kind',
        `Credential "${credential.displayName}" uses ${expected}; change its kind and save first to store the other kind.`,
      );
    }
    let secret: CredentialSecret;
    let thumbprint: string | undefined;
    if (input.secret.kind === 'secret') secret = { kind: 'secret', clientSecret: input.secret.clientSecret };
    else
      ({ secret, thumbprint } = checkCertificate(
        input.secret.privateKeyPem,
        input.secret.certificatePem,
        deps.clock.now(),
      ));

    await deps.store.setSecret(credentialSecretKey(credential.id), secret);
    const setAt = new Date(deps.clock.now()).toISOString();
    const updated = { ...credential, secretSetAt: setAt, certificateThumbprint: thumbprint };
    await saveConfig(deps.store, {
      ...config,
      credentials: config.credentials.map((c) => (c.id === credential.id ? updated : c)),
    });
    await forgetTokens(deps.store, config, credential);
    await auditAdmin(deps, {
      ref: `credential:${credential.id}`,
      action: 'admin.set-credential-secret',
      outcome: 'ok',
      detail: thumbprint ? `certificate ${thumbprint} stored` : 'client secret stored',
      startedAt,
    });
    return { set: true, setAt, thumbprint };
  },
});
