// Requests for one package still in progress, optionally for one user. Graph's $filter support on
// assignmentRequests beyond accessPackage/id is unconfirmed (graph-entitlement.md section 7.4), so
// state and target are filtered here in code. The list documents `$expand` of accessPackage,
// assignment and requestor, nothing nested; v1.0's accessPackageAssignment has no targetId and
// `target` is a navigation, so the user of a request is read from the request itself, whose page
// documents `$expand=assignment($expand=target)` (getAssignmentRequestTarget). Only the requests
// that pass the other checks and whose assignment the package's assignment listing does not show
// are read one by one: a reconcile then costs a few calls, not one per recent request of a busy
// package (any of which failing failed the whole check). This runs after a lost answer.
// https://learn.microsoft.com/en-us/graph/api/entitlementmanagement-list-assignmentrequests?view=graph-rest-1.0
// https://learn.microsoft.com/en-us/graph/api/accesspackageassignmentrequest-get?view=graph-rest-1.0
import type { GraphClient } from '../client';
import { encodePathSegment, encodeQuery, odataLiteral } from '../odata';
import { AssignmentRequestSchema, AssignmentSchema } from '../schemas';
import { OPEN_REQUEST_STATES, type AssignmentRequest, type Subject } from '../types';
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
  const targetOf = (r: AssignmentRequest) => r.assignment?.targetId ?? r.assignment?.target?.objectId;
  // Whose each assignment of the package is, listed once (the list page's own $expand=target) when
  // a request's assignment is known but not its target: a request whose assignment is listed is
  // matched on that listing's target, without reading it; only one whose assignment is not listed
  // (not yet, or no longer, as after a removal) is read, so a lagging listing never hides ours.
  const unread = candidates.filter((r) => targetOf(r) === undefined);
  const targets = unread.some((r) => r.assignment?.id !== undefined)
    ? await assignmentTargets(graph, accessPackageId)
    : new Map<string, Subject>();
  const out: AssignmentRequest[] = [];
  // A read that fails does not sink the others: every request returned is the user's for sure, so a
  // match found among the reads that worked is the answer. Only when none matched and a read failed
  // is "none" unknown, and the failure is thrown (a busy package has many requests to read).
  let failure: unknown;
  for (const r of candidates) {
    const listed = r.assignment?.id === undefined ? undefined : targets.get(r.assignment.id.toLowerCase());
    let withTarget: AssignmentRequest | undefined;
    try {
      withTarget =
        targetOf(r) !== undefined
          ? r
          : listed !== undefined
            ? { ...r, assignment: { ...r.assignment, target: listed } }
            : await getWithTarget(graph, r.id);
    } catch (error) {
      failure ??= error;
      continue;
    }
    const target = withTarget ? targetOf(withTarget) : undefined;
    if (withTarget && sameId(target, userId)) out.push(withTarget);
  }
  if (out.length === 0 && failure !== undefined) throw failure;
  return out;
}

async function getWithTarget(graph: GraphClient, requestId: string): Promise<AssignmentRequest | undefined> {
  const path = `${EM}/assignmentRequests/${encodePathSegment(requestId)}${encodeQuery({ $expand: 'assignment($expand=target)' })}`;
  const { data } = await graph.request({ method: 'GET', path, schema: AssignmentRequestSchema });
  return data;
}

/** Assignment id (lower case) -> its target, for every assignment of the package. */
async function assignmentTargets(graph: GraphClient, accessPackageId: string): Promise<Map<string, Subject>> {
  const query = encodeQuery({
    $expand: 'target',
    $filter: `accessPackage/id eq ${odataLiteral(accessPackageId)}`,
  });
  const targets = new Map<string, Subject>();
  for (const a of await graph.getAllPages(`${EM}/assignments${query}`, AssignmentSchema)) {
    const packageOk = a.accessPackage === undefined || sameId(a.accessPackage.id, accessPackageId);
    if (a.target?.objectId !== undefined && packageOk) targets.set(a.id.toLowerCase(), a.target);
  }
  return targets;
}
