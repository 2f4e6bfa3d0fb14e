// GET EM/assignmentRequests/{id}?$expand=assignment. Requests are kept 3 months after completion,
// then 404 (GraphNotFoundError): callers keep outcomes themselves (graph-entitlement.md 1.5).
// `$expand=assignment` is documented there.
// https://learn.microsoft.com/en-us/graph/api/accesspackageassignmentrequest-get?view=graph-rest-1.0
import type { GraphClient } from '../client';
import { encodePathSegment, encodeQuery } from '../odata';
import { AssignmentRequestSchema } from '../schemas';
import type { AssignmentRequest } from '../types';
import { EM } from './paths';

export async function getAssignmentRequest(
  graph: GraphClient,
  requestId: string,
): Promise<AssignmentRequest> {
  const path = `${EM}/assignmentRequests/${encodePathSegment(requestId)}${encodeQuery({ $expand: 'assignment' })}`;
  const { data } = await graph.request({ method: 'GET', path, schema: AssignmentRequestSchema });
  return data;
}
