// POST EM/assignmentRequests: adminAdd (user + package + policy) or adminRemove (by ASSIGNMENT id,
// not user id). Body as in graph-entitlement.md section 1.4; `justification` appears in the docs'
// examples only. The client never re-sends this POST after a network error: the workflow
// re-checks assignments and open requests instead (section 4).
// https://learn.microsoft.com/graph/api/entitlementmanagement-post-assignmentrequests
import type { GraphClient } from '../client';
import { AssignmentRequestSchema } from '../schemas';
import type { AssignmentRequest } from '../types';
import { EM } from './paths';

export type ExpirationInput =
  | { type: 'afterDateTime'; endDateTime: string }
  | { type: 'afterDuration'; duration: string }
  | { type: 'noExpiration' };

export interface ScheduleInput {
  startDateTime?: string;
  expiration?: ExpirationInput;
}

export type AssignmentRequestInput =
  | {
      requestType: 'adminAdd';
      targetId: string;
      accessPackageId: string;
      assignmentPolicyId: string;
      justification?: string;
      schedule?: ScheduleInput;
    }
  | { requestType: 'adminRemove'; assignmentId: string; justification?: string };

export function assignmentRequestBody(input: AssignmentRequestInput): Record<string, unknown> {
  const body: Record<string, unknown> =
    input.requestType === 'adminAdd'
      ? {
          requestType: 'adminAdd',
          assignment: {
            targetId: input.targetId,
            assignmentPolicyId: input.assignmentPolicyId,
            accessPackageId: input.accessPackageId,
          },
        }
      : { requestType: 'adminRemove', assignment: { id: input.assignmentId } };
  if (input.justification !== undefined) body.justification = input.justification;
  if (input.requestType === 'adminAdd' && input.schedule !== undefined) body.schedule = input.schedule;
  return body;
}

export async function createAssignmentRequest(
  graph: GraphClient,
  input: AssignmentRequestInput,
): Promise<AssignmentRequest> {
  const { data } = await graph.request({
    method: 'POST',
    path: `${EM}/assignmentRequests`,
    body: assignmentRequestBody(input),
    schema: AssignmentRequestSchema,
  });
  return data;
}
