// The configuration as JSON for backup or another site. It holds no secret by construction (the
// schema has no field for one: config/schema.ts); test/integration/admin asserts it.
import * as z from 'zod';
import { loadConfig } from '../config-store';
import { adminOperation, auditAdmin } from './deps';

export const exportConfiguration = adminOperation({
  input: z.object({}),
  async run(deps): Promise<{ json: string; fileName: string }> {
    const config = await loadConfig(deps.store);
    const day = new Date(deps.clock.now()).toISOString().slice(0, 10);
    await auditAdmin(deps, { ref: 'configuration', action: 'admin.export-configuration', outcome: 'ok' });
    return { json: `${JSON.stringify(config, null, 2)}\n`, fileName: `access-bridge-config-${day}.json` };
  },
});
