// The configuration as stored, with each credential's secret status (never a secret).
import * as z from 'zod';
import type { Config } from '../../config/schema';
import { loadConfig } from '../config-store';
import { adminOperation } from './deps';
import { secretStatus, type SecretStatus } from './secret-status';

export interface ConfigurationView {
  config: Config;
  /** Per credential id. */
  secrets: Record<string, SecretStatus>;
  /** Running on Forge: the page does not offer the `custom` cloud (deps.ts `onForge`). */
  onForge: boolean;
}

export const getConfiguration = adminOperation({
  input: z.object({}),
  async run(deps): Promise<ConfigurationView> {
    const config = await loadConfig(deps.store);
    const secrets: Record<string, SecretStatus> = {};
    for (const credential of config.credentials)
      secrets[credential.id] = await secretStatus(deps.store, credential);
    return { config, secrets, onForge: deps.onForge === true };
  },
});
