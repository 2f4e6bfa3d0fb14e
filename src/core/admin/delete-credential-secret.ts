// Removes a credential's stored secret (and the tokens issued with it). The credential stays in
// the configuration, marked as having no secret, so the tenants that use it fail with clear advice.
import * as z from 'zod';
import { Slug } from '../../config/schema';
import { credentialSecretKey } from '../../config/secret-keys';
import { saveConfig } from '../config-store';
import { OperationError } from '../operation';
import { adminOperation, auditAdmin } from './deps';
import { forgetTokens, type SecretStatus } from './secret-status';
import { storedOrEmpty } from './store-configuration';

export const deleteCredentialSecret = adminOperation({
  input: z.object({ credentialId: Slug }).strict(),
  async run(deps, input): Promise<SecretStatus> {
    const startedAt = deps.clock.now();
    const config = await storedOrEmpty(deps.store);
    const credential = config.credentials.find((c) => c.id === input.credentialId);
    if (!credential) {
      throw new OperationError(
        'not_found',
        `Credential "${input.credentialId}" is not in the saved configuration; reload the page.`,
        [{ path: 'credentialId', message: 'Unknown credential.' }],
      );
    }
    await deps.store.deleteSecret(credentialSecretKey(credential.id));
    const updated = { ...credential, secretSetAt: undefined, certificateThumbprint: undefined };
    await saveConfig(deps.store, {
      ...config,
      credentials: config.credentials.map((c) => (c.id === credential.id ? updated : c)),
    });
    await forgetTokens(deps.store, config, credential);
    await auditAdmin(deps, {
      ref: `credential:${credential.id}`,
      action: 'admin.delete-credential-secret',
      outcome: 'ok',
      startedAt,
    });
    return { set: false };
  },
});
