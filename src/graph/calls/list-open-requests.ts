// Requests for one package still in progress, optionally for one user. Graph's $filter support on
// assignmentRequests beyond accessPackage/id is unconfirmed (graph-entitlement.md section 7.4), so
// state and target are filtered here in code. v1.0's accessPackageAssignment has no targetId
// property and `target` is a navigation, so the user is only visible with the nested
// `$expand=assignment($expand=target)` (nested expands are documented for entitlement
// management, e.g. resourceRoleScopes($expand=role,scope); to confirm on a real tenant here).
// https://learn.microsoft.com/graph/api/entitlementmanagement-list-assignmentrequests
import type { GraphClient } from '../client';
import { encodeQuery, odataLiteral } from '../odata';
import { AssignmentRequestSchema } from '../schemas';
import { OPEN_REQUEST_STATES, type AssignmentRequest } from '../types';
import { EM, sameId } from './paths';

const OPEN = new Set<string>(OPEN_REQUEST_STATES.map((s) => s.toLowerCase()));

/**
 * `createdSince` (epoch ms) also keeps requests created since then in any state: after a lost
 * answer, the request we made may already be delivered by the time we look for it.
 */
export async function listOpenRequests(
  graph: GraphClient,
  options: { accessPackageId: string; userId?: string; createdSince?: number },
): Promise<AssignmentRequest[]> {
  const { accessPackageId, userId, createdSince } = options;
  const query = encodeQuery({
    $expand: 'assignment($expand=target)',
    $filter: `accessPackage/id eq ${odataLiteral(accessPackageId)}`,
  });
  const requests = await graph.getAllPages(`${EM}/assignmentRequests${query}`, AssignmentRequestSchema);
  return requests.filter((r) => {
    const open = r.state !== undefined && OPEN.has(r.state.toLowerCase());
    const recent =
      createdSince !== undefined &&
      r.createdDateTime !== undefined &&
      Date.parse(r.createdDateTime) >= createdSince;
    if (!open && !recent) return false;
    if (r.accessPackage !== undefined && !sameId(r.accessPackage.id, accessPackageId)) return false;
    if (userId === undefined) return true;
    return sameId(r.assignment?.targetId, userId) || sameId(r.assignment?.target?.objectId, userId);
  });
}
