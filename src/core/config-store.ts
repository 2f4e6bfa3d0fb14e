// The configuration lives under one KVS key, validated on the way in and on the way out.
import { ConfigSchema, emptyConfig, type Config } from '../config/schema';
import type { Store } from './ports';

export const CONFIG_KEY = 'config';

export class InvalidStoredConfigError extends Error {
  readonly code = 'invalid_stored_config' as const;
}

export async function loadConfig(store: Store): Promise<Config> {
  const raw = await store.get(CONFIG_KEY);
  if (raw === undefined) return emptyConfig();
  const parsed = ConfigSchema.safeParse(raw);
  if (!parsed.success) {
    throw new InvalidStoredConfigError(
      `The stored configuration is invalid (${parsed.error.issues.length} problems); open the admin page and save it again.`,
    );
  }
  return parsed.data;
}

/** Validates and stores; returns the normalized configuration. Throws the zod error on bad input. */
export async function saveConfig(store: Store, input: unknown): Promise<Config> {
  const config = ConfigSchema.parse(input);
  await store.set(CONFIG_KEY, config);
  return config;
}
