// `npm start -- --config FILE [--secrets FILE]`: run the real workflow against the tenants of a
// configuration file (the admin page's export format, src/config/schema.ts) instead of the demo
// tenants. The JSM side stays emulated: each configured tenant gets an emulated organization, so
// the demo portal can raise a request for any email in it. Secrets come from a separate file or
// the environment, never from the configuration.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ConfigSchema, type Config } from '../src/config/schema';
import { credentialSecretKey, type CredentialSecret } from '../src/config/secret-keys';
import { saveConfig } from '../src/core/config-store';
import type { Demo } from './demo-data';
import type { World } from './world';

const SecretsFileSchema = z.record(
  z.string(),
  z.union([
    z.object({ clientSecret: z.string().min(1) }).strict(),
    z.object({ privateKeyPem: z.string().min(1), certificatePem: z.string().min(1) }).strict(),
  ]),
);

export class ConfigFileError extends Error {
  readonly code = 'config_file_invalid' as const;
}

export function readConfigFile(path: string): Config {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ConfigFileError(`Cannot read ${path} as JSON: ${(error as Error).message}`);
  }
  const parsed = ConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((i) => `  ${i.path.join('.') || '(top)'}: ${i.message}`)
      .join('\n');
    throw new ConfigFileError(`${path} is not a valid configuration:\n${problems}`);
  }
  return parsed.data;
}

/** Secrets per credential id: from --secrets FILE, else ACCESS_BRIDGE_CLIENT_SECRET for every secret credential. */
export function readSecrets(
  config: Config,
  path: string | undefined,
  env: NodeJS.ProcessEnv,
): Map<string, CredentialSecret> {
  const out = new Map<string, CredentialSecret>();
  if (path) {
    const parsed = SecretsFileSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
    if (!parsed.success)
      throw new ConfigFileError(
        `${path}: expected {"<credential id>": {"clientSecret": "..."}} or {privateKeyPem, certificatePem}.`,
      );
    for (const [id, value] of Object.entries(parsed.data)) {
      out.set(
        id,
        'clientSecret' in value
          ? { kind: 'secret', clientSecret: value.clientSecret }
          : { kind: 'certificate', ...value },
      );
    }
  }
  const shared = env.ACCESS_BRIDGE_CLIENT_SECRET;
  for (const credential of config.credentials) {
    if (!out.has(credential.id) && shared && credential.kind === 'secret')
      out.set(credential.id, { kind: 'secret', clientSecret: shared });
    if (!out.has(credential.id))
      throw new ConfigFileError(
        `No secret for credential "${credential.id}": pass --secrets FILE or set ACCESS_BRIDGE_CLIENT_SECRET.`,
      );
  }
  return out;
}

/**
 * Replaces the demo's tenants with the file's: one emulated JSM organization per tenant, the demo
 * request types (their package field is free text), no offline routes.
 */
export async function applyConfigFile(
  world: World,
  demo: Demo,
  config: Config,
  secrets: Map<string, CredentialSecret>,
): Promise<Demo> {
  const tenants = config.tenants.map((tenant) => {
    const org = world.jira.addOrganization(`${tenant.displayName} (from config)`);
    return { ...tenant, organizations: [{ id: org.id, name: `${tenant.displayName} (from config)` }] };
  });
  const merged = await saveConfig(world.store, {
    ...config,
    tenants,
    requestTypes: demo.config.requestTypes,
    offlineApps: [],
  });
  for (const [id, secret] of secrets) await world.store.setSecret(credentialSecretKey(id), secret);
  return { ...demo, config: merged };
}
