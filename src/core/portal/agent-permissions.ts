// Who gets the agents' view: Jira is asked AS THE CALLER (Forge: api.asUser()) for their
// permissions on the issue. The issue-context panel shows only in Jira's issue view, but a
// resolver can be invoked by anyone who can load the panel's bridge, so the resolver checks again:
// browsing the issue is not enough (portal customers browse their own requests), the caller must
// also hold the service-desk agent permission on its project.
// GET /rest/api/3/mypermissions?issueKey=..&permissions=BROWSE_PROJECTS,SERVICEDESK_AGENT
// https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-permissions/#api-rest-api-3-mypermissions-get
import * as z from 'zod';

export const AGENT_PERMISSIONS = ['BROWSE_PROJECTS', 'SERVICEDESK_AGENT'] as const;

const Permission = z.looseObject({ havePermission: z.boolean() });
const MyPermissions = z.looseObject({ permissions: z.record(z.string(), Permission) });

/** Reads Jira's answer; anything unexpected means "no" (fail closed). */
export function grantsAgentView(status: number, body: unknown): boolean {
  if (status !== 200) return false;
  const parsed = MyPermissions.safeParse(body);
  return (
    parsed.success && AGENT_PERMISSIONS.every((p) => parsed.data.permissions[p]?.havePermission === true)
  );
}
