// Where secrets live in the store's encrypted secret space (Store.getSecret/setSecret, Forge
// kvs.setSecret). The configuration only says that a secret exists; the value is here alone.
import { createHash } from 'node:crypto';
import type { Cloud } from '../graph/clouds';

/** Secret material of one credential (an app registration). */
export type CredentialSecret =
  | { kind: 'secret'; clientSecret: string }
  | { kind: 'certificate'; privateKeyPem: string; certificatePem: string };

export const credentialSecretKey = (credentialId: string): string => `secret:credential:${credentialId}`;

/**
 * Cached access token for one tenant + cloud + client. A custom cloud is identified by a short
 * hash of its URLs, so two custom endpoints never share a token.
 */
export function tokenCacheKey(cloud: Cloud, tenantId: string, clientId: string): string {
  const cloudPart =
    cloud.name === 'custom'
      ? `custom-${createHash('sha256').update(`${cloud.graphBaseUrl} ${cloud.loginBaseUrl}`).digest('hex').slice(0, 16)}`
      : cloud.name;
  return `secret:token:${cloudPart}:${tenantId}:${clientId}`;
}
