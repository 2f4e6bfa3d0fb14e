// The admin page's server-side gate: every admin operation first asks Jira, AS THE CALLER, whether
// they hold the global ADMINISTER permission. The admin page module is shown to Jira admins only,
// but a resolver can be invoked by anyone who can load the iframe's bridge, so the resolver checks
// again (forge-platform.md section 6). GET /rest/api/3/mypermissions?permissions=ADMINISTER:
// https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-permissions/#api-rest-api-3-mypermissions-get
import api, { route } from '@forge/api';
import * as z from 'zod';
import type { OperationFailure } from '../../core/operation';

const MyPermissions = z.looseObject({
  permissions: z.looseObject({ ADMINISTER: z.looseObject({ havePermission: z.boolean() }).optional() }),
});

/** Reads Jira's answer; anything unexpected means "no" (fail closed). */
export function hasAdminister(status: number, body: unknown): boolean {
  if (status !== 200) return false;
  const parsed = MyPermissions.safeParse(body);
  return parsed.success && parsed.data.permissions.ADMINISTER?.havePermission === true;
}

export type AskJiraAsUser = () => Promise<{ status: number; body: unknown }>;

const askForge: AskJiraAsUser = async () => {
  const response = await api.asUser().requestJira(route`/rest/api/3/mypermissions?permissions=ADMINISTER`, {
    headers: { Accept: 'application/json' },
  });
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: response.status, body };
};

/** undefined when the caller is a Jira administrator, else the refusal to send back. */
export async function requireJiraAdmin(ask: AskJiraAsUser = askForge): Promise<OperationFailure | undefined> {
  let allowed: boolean;
  try {
    const { status, body } = await ask();
    allowed = hasAdminister(status, body);
  } catch {
    allowed = false;
  }
  return allowed
    ? undefined
    : {
        ok: false,
        code: 'forbidden',
        message: 'Only Jira administrators can change Access Bridge. Ask a Jira administrator for help.',
        errors: [],
      };
}
