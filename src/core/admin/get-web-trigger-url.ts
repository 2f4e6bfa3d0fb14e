// The web trigger URL the relay Logic App of each tenant calls, as `<url>?tenant=<tenant id>`
// (deploy/ relay template; the web trigger verifies every call: forge-platform.md section 4).
import * as z from 'zod';
import { adminOperation } from './deps';

export const getWebTriggerUrl = adminOperation({
  input: z.object({}),
  async run(deps): Promise<{ url: string }> {
    return { url: await deps.webTriggerUrl() };
  },
});
