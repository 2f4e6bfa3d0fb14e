// What Entra does when a policy's custom extension fires: it creates (or removes) the assignment
// request, pauses it at the stage waiting for a callback, and sends the callout body. Tests and
// the soak use this one step instead of wiring the Graph emulator and the body by hand.
import type { TenantData } from '../graph';
import { newGuid } from '../shared/ids';
import { entraCallout, type CalloutInput } from './callouts';

export interface FireCalloutInput {
  packageId: string;
  userId: string;
  stage?: 'assignmentRequestApproved' | 'assignmentRequestRemoved';
  justification?: string;
  answers?: CalloutInput['answers'];
  timeout?: CalloutInput['timeout'];
}

export interface FiredCallout {
  requestId: string;
  stageInstanceId: string;
  assignmentId: string;
  stage: 'assignmentRequestApproved' | 'assignmentRequestRemoved';
  body: Record<string, unknown>;
}

export function fireCallout(graph: TenantData, input: FireCalloutInput): FiredCallout {
  const pkg = graph.packages.get(input.packageId);
  if (!pkg) throw new Error(`no package ${input.packageId}`);
  const policy = graph.policies.get(pkg.policyIds[0]!)!;
  const catalog = graph.catalogs.get(pkg.catalogId)!;
  const user = graph.users.get(input.userId);
  if (!user) throw new Error(`no user ${input.userId}`);
  const stage = input.stage ?? 'assignmentRequestApproved';
  const requestor = { objectId: user.id, displayName: user.displayName };
  const request =
    stage === 'assignmentRequestApproved'
      ? graph.createAddRequest({
          pkg,
          policy,
          userId: user.id,
          requestor,
          answers: [],
          justification: input.justification ?? null,
        })
      : graph.createRemoveRequest(
          graph.addAssignment({ accessPackageId: pkg.id, userId: user.id, assignmentPolicyId: policy.id }),
          requestor,
        );
  const stageInstanceId = newGuid();
  graph.waitForCallback(request.id, stage, stageInstanceId);
  const body = entraCallout({
    stage,
    requestId: request.id,
    stageInstanceId,
    accessPackage: { id: pkg.id, displayName: pkg.displayName },
    catalog: { id: catalog.id, displayName: catalog.displayName },
    policy: { id: policy.id, displayName: policy.displayName },
    assignmentId: request.assignmentId,
    target: { objectId: user.id, displayName: user.displayName },
    requestor,
    answers: input.answers,
    justification: input.justification,
    timeout: input.timeout,
  });
  return { requestId: request.id, stageInstanceId, assignmentId: request.assignmentId, stage, body };
}
