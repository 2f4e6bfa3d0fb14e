// Client assertion for certificate credentials: a JWT signed with the certificate's private key
// (RS256), header x5t / x5t#S256 = base64url SHA-1 / SHA-256 of the certificate's DER.
// https://learn.microsoft.com/entra/identity-platform/certificate-credentials
import { createHash, createPrivateKey, randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';

export interface ClientAssertionInput {
  clientId: string;
  /** The token endpoint URL: the assertion's audience. */
  tokenEndpoint: string;
  /** PKCS#8 (`BEGIN PRIVATE KEY`) or PKCS#1 (`BEGIN RSA PRIVATE KEY`) PEM. */
  privateKeyPem: string;
  /** PEM of the certificate uploaded to the app registration; the first CERTIFICATE block counts. */
  certificatePem: string;
  /** Epoch ms. */
  now: number;
}

const LIFETIME_SECONDS = 10 * 60;

/** DER bytes of the first `CERTIFICATE` block of a PEM. */
export function certificateDer(certificatePem: string): Buffer {
  const match = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/.exec(certificatePem);
  if (!match?.[1])
    throw new Error(
      'The certificate is not a PEM "BEGIN CERTIFICATE" block; upload it again on the admin page.',
    );
  return Buffer.from(match[1].replace(/\s+/g, ''), 'base64');
}

/** Base64url SHA-1 and SHA-256 thumbprints of the certificate, as Entra expects in x5t / x5t#S256. */
export function certificateThumbprints(certificatePem: string): { x5t: string; x5tS256: string } {
  const der = certificateDer(certificatePem);
  return {
    x5t: createHash('sha1').update(der).digest('base64url'),
    x5tS256: createHash('sha256').update(der).digest('base64url'),
  };
}

export async function createClientAssertion(input: ClientAssertionInput): Promise<string> {
  const { x5t, x5tS256 } = certificateThumbprints(input.certificatePem);
  let key;
  try {
    key = createPrivateKey(input.privateKeyPem);
  } catch (error) {
    // Node's decoder errors name the failing routine, never the key material.
    throw new Error(
      'The certificate private key could not be read (PEM, PKCS#8 or PKCS#1 RSA); upload it again on the admin page.',
      {
        cause: error,
      },
    );
  }
  const issuedAt = Math.floor(input.now / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT', x5t, 'x5t#S256': x5tS256 })
    .setAudience(input.tokenEndpoint)
    .setIssuer(input.clientId)
    .setSubject(input.clientId)
    .setJti(randomUUID())
    .setNotBefore(issuedAt)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + LIFETIME_SECONDS)
    .sign(key);
}
