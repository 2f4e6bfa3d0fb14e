// Saving a whole configuration (from the form or an import). The credentials' secret fields
// (secretSetAt, certificateThumbprint) are the server's: they are kept from the stored
// configuration, never taken from the page. A credential that disappears or changes kind loses
// its stored secret and cached tokens, so no orphaned secret stays behind.
import { ConfigSchema, emptyConfig, type Config } from '../../config/schema';
import { credentialSecretKey } from '../../config/secret-keys';
import { CONFIG_KEY, saveConfig } from '../config-store';
import type { Store } from '../ports';
import type { FieldError } from '../../config/field-errors';
import { OperationError } from '../operation';
import { auditAdmin, type AdminDeps } from './deps';
import { forgetTokens } from './secret-status';

/** The stored configuration, or an empty one when nothing (or nothing valid) is stored yet. */
export async function storedOrEmpty(store: Store): Promise<Config> {
  const parsed = ConfigSchema.safeParse(await store.get(CONFIG_KEY));
  return parsed.success ? parsed.data : emptyConfig();
}

/** Why a `custom` cloud is refused on Forge, at the tenant's cloud field. */
export const CUSTOM_CLOUD_ON_FORGE =
  "Custom endpoints work only in the sandbox and tests. On Forge the app may call only the Graph and login hosts its manifest declares, so pick the tenant's Microsoft cloud here; a tenant on other hosts needs a version of the app whose manifest lists them.";

function customCloudErrors(deps: AdminDeps, config: Config): FieldError[] {
  if (!deps.onForge) return [];
  return config.tenants.flatMap((tenant, i) =>
    tenant.cloud === 'custom' ? [{ path: `tenants.${i}.cloud`, message: CUSTOM_CLOUD_ON_FORGE }] : [],
  );
}

export async function storeConfiguration(
  deps: AdminDeps,
  input: Config,
  how: { action: 'admin.save-configuration' | 'admin.import-configuration'; startedAt: number },
): Promise<Config> {
  const refused = customCloudErrors(deps, input);
  if (refused.length > 0) {
    throw new OperationError(
      'invalid_input',
      `${refused.length === 1 ? 'A tenant uses' : `${refused.length} tenants use`} custom endpoints, which the app cannot call on Forge; nothing was saved.`,
      refused,
    );
  }
  const before = await storedOrEmpty(deps.store);
  const credentials = input.credentials.map((credential) => {
    const old = before.credentials.find((c) => c.id === credential.id && c.kind === credential.kind);
    return {
      ...credential,
      secretSetAt: old?.secretSetAt,
      certificateThumbprint: old?.certificateThumbprint,
    };
  });
  const config = await saveConfig(deps.store, { ...input, credentials });

  const dropped = before.credentials.filter(
    (old) => !credentials.some((c) => c.id === old.id && c.kind === old.kind),
  );
  for (const credential of dropped) {
    await deps.store.deleteSecret(credentialSecretKey(credential.id));
    await forgetTokens(deps.store, before, credential);
  }
  const names = (list: { tenantId: string }[]) => new Set(list.map((t) => t.tenantId));
  const [was, now] = [names(before.tenants), names(config.tenants)];
  const added = [...now].filter((id) => !was.has(id));
  const removed = [...was].filter((id) => !now.has(id));
  const detail = [
    `${config.credentials.length} credentials, ${config.tenants.length} tenants, ${config.requestTypes.length} request types, ${config.offlineApps.length} offline routes`,
    added.length ? `tenants added: ${added.join(', ')}` : '',
    removed.length ? `tenants removed: ${removed.join(', ')}` : '',
    dropped.length ? `secrets deleted with their credential: ${dropped.map((c) => c.id).join(', ')}` : '',
  ]
    .filter(Boolean)
    .join('; ');
  await auditAdmin(deps, {
    ref: 'configuration',
    action: how.action,
    outcome: 'ok',
    detail,
    startedAt: how.startedAt,
  });
  return config;
}
