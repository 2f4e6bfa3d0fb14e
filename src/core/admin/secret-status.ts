// Whether a credential's secret is stored, and since when: all the page ever learns about a
// secret. The value itself stays in the store's secret space (config/secret-keys.ts).
import type { Config, Credential } from '../../config/schema';
import { credentialSecretKey, tokenCacheKey } from '../../config/secret-keys';
import { resolveCloud } from '../../graph/clouds';
import type { Store } from '../ports';

export interface SecretStatus {
  /** A secret of the credential's kind is stored. */
  set: boolean;
  /** ISO time it was stored. */
  setAt?: string;
  /** Certificates: SHA-1 thumbprint (hex), as the app registration shows it. */
  thumbprint?: string;
}

export async function secretStatus(store: Store, credential: Credential): Promise<SecretStatus> {
  const stored = await store.getSecret<{ kind?: unknown }>(credentialSecretKey(credential.id));
  const set = typeof stored === 'object' && stored !== null && stored.kind === credential.kind;
  return {
    set,
    setAt: set ? credential.secretSetAt : undefined,
    thumbprint: set ? credential.certificateThumbprint : undefined,
  };
}

/**
 * Drops the cached access tokens issued with a credential (every tenant that uses it), so the
 * next call asks Entra with the new secret instead of reusing a token from the old one.
 */
export async function forgetTokens(store: Store, config: Config, credential: Credential): Promise<void> {
  for (const tenant of config.tenants) {
    if (tenant.credentialId !== credential.id) continue;
    let key: string;
    try {
      key = tokenCacheKey(resolveCloud(tenant), tenant.tenantId, credential.clientId);
    } catch {
      continue; // unusable custom URLs: no token was ever cached for them
    }
    await store.deleteSecret(key);
  }
}
