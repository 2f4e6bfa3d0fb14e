// The admin page's resolver (manifest function admin-resolver): every admin operation, each behind
// the Jira-administrator check (require-jira-admin.ts), with the Forge ports of this invocation.
import { webTrigger } from '@forge/api';
import { adminOperations, type AdminDeps } from '../../core/admin/operations';
import { createConsoleLog } from '../adapters/console-log';
import { createForgePorts } from '../ports';
import { defineOperations } from './define-operations';
import { requireJiraAdmin } from './require-jira-admin';

/** The web trigger module key in manifest.yml. */
export const CALLOUT_WEB_TRIGGER = 'entra-callout';

export const adminResolver = defineOperations<AdminDeps>(adminOperations, {
  guard: () => requireJiraAdmin(),
  deps: (request) => ({
    ...createForgePorts(),
    webTriggerUrl: () => webTrigger.getUrl(CALLOUT_WEB_TRIGGER),
    actor: { accountId: String(request.context.accountId ?? 'unknown') },
    onForge: true,
  }),
  log: createConsoleLog(),
});
