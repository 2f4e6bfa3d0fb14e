// Requests for one package still in progress, optionally for one user. Graph's $filter support on
// assignmentRequests beyond accessPackage/id is unconfirmed (graph-entitlement.md section 7.4), so
// state and target are filtered here in code. The list documents `$expand` of accessPackage,
// assignment and requestor, nothing nested; v1.0's accessPackageAssignment has no targetId and
// `target` is a navigation, so the user of a request is read from the request itself, whose page
// documents `$expand=assignment($expand=target)` (getAssignmentRequestTarget). Only the requests
// that pass the other checks are read one by one; this runs after a lost answer, not per grant.
// https://learn.microsoft.com/en-us/graph/api/entitlementmanagement-list-assignmentrequests?view=graph-rest-1.0
// https://learn.microsoft.com/en-us/graph/api/accesspackageassignmentrequest-get?view=graph-rest-1.0
import type { GraphClient } from '../client';
import { encodePathSegment, encodeQuery, odataLiteral } from '../odata';
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
    $expand: 'assignment',
    $filter: `accessPackage/id eq ${odataLiteral(accessPackageId)}`,
  });
  const requests = await graph.getAllPages(`${EM}/assignmentRequests${query}`, AssignmentRequestSchema);
  const candidates = requests.filter((r) => {
    const open = r.state !== undefined && OPEN.has(r.state.toLowerCase());
    const recent =
      createdSince !== undefined &&
      r.createdDateTime !== undefined &&
      Date.parse(r.createdDateTime) >= createdSince;
    if (!open && !recent) return false;
    return r.accessPackage === undefined || sameId(r.accessPackage.id, accessPackageId);
  });
  if (userId === undefined) return candidates;
  const out: AssignmentRequest[] = [];
  for (const r of candidates) {
    const known = r.assignment?.targetId ?? r.assignment?.target?.objectId;
    const withTarget = known === undefined ? await getWithTarget(graph, r.id) : r;
    const target = withTarget?.assignment?.targetId ?? withTarget?.assignment?.target?.objectId;
    if (withTarget && sameId(target, userId)) out.push(withTarget);
  }
  return out;
}

async function getWithTarget(graph: GraphClient, requestId: string): Promise<AssignmentRequest | undefined> {
  const path = `${EM}/assignmentRequests/${encodePathSegment(requestId)}${encodeQuery({ $expand: 'assignment($expand=target)' })}`;
  const { data } = await graph.request({ method: 'GET', path, schema: AssignmentRequestSchema });
  return data;
}
