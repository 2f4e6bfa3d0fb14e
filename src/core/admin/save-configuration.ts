// Saves the configuration edited on the page. The input IS the shared ConfigSchema, so a refusal
// comes back from runOperation as { ok: false, errors: [{ path, message }] } with the same paths
// and messages the page's own check shows.
import { ConfigSchema, type Config } from '../../config/schema';
import { adminOperation } from './deps';
import { storeConfiguration } from './store-configuration';

export const saveConfiguration = adminOperation({
  input: ConfigSchema,
  async run(deps, config): Promise<Config> {
    return storeConfiguration(deps, config, {
      action: 'admin.save-configuration',
      startedAt: deps.clock.now(),
    });
  },
});
