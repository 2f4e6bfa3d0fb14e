// POST EM/assignmentRequests/{id}/microsoft.graph.resume, also reached as .../{id}/resume (the
// docs' short form; OData allows the unqualified action name, known gap (e)). 204 while the request
// waits for this stage's callback, 400 otherwise (graph-entitlement.md 5.6). The exact 400 texts
// are the emulator's: Microsoft's are unconfirmed.
//
// The v1.0 resume is documented for the global service only (its "national cloud availability"
// table: https://learn.microsoft.com/graph/api/accesspackageassignmentrequest-resume). An emulator
// standing for usgov, usgovdod or china refuses it as OData refuses an action the service does not
// have: 400 "Resource not found for the segment 'resume'". That answer is the emulator's choice
// (Microsoft does not document what a national cloud says), listed in the README to confirm.
import type { GraphContext, HandlerResult } from '../context';
import { GraphError, notFound } from '../errors';

interface ResumeBody {
  source?: string | null;
  type?: string | null;
  data?: {
    '@odata.type'?: string;
    stage?: string;
    customExtensionStageInstanceId?: string | null;
    customExtensionStageInstanceDetail?: string | null;
    state?: string | null;
  };
}

const TYPE_PREFIX = 'microsoft.graph.accessPackageCustomExtensionStage.';
const GLOBAL_ONLY_CLOUDS = new Set(['usgov', 'usgovdod', 'china']);

export function resumeAssignmentRequest(ctx: GraphContext): HandlerResult {
  if (GLOBAL_ONLY_CLOUDS.has(ctx.cloud))
    throw new GraphError(400, 'BadRequest', "Resource not found for the segment 'resume'.");
  const id = ctx.params['accessPackageAssignmentRequest-id'] as string;
  const request = ctx.tenant.request(id);
  if (!request) throw notFound('accessPackageAssignmentRequest', id);
  const body = (ctx.body ?? {}) as ResumeBody;
  const at = new Date(ctx.nowMs).toISOString();
  const reject = (message: string): never => {
    ctx.tenant.resumeLog.push({
      requestId: request.id,
      at,
      accepted: false,
      status: 400,
      body: structuredClone(body),
      problem: message,
    });
    throw new GraphError(400, 'BadRequest', message);
  };

  const waiting = request.waiting;
  if (!waiting)
    reject(
      `Request '${request.id}' is not waiting for a callback (state ${request.state}, status ${request.status}).`,
    );
  const { stage, stageInstanceId } = waiting as NonNullable<typeof waiting>;
  if (!body.source) reject("'source' is required: name the system that resumes the request.");
  if (body.type !== `${TYPE_PREFIX}${stage}`)
    reject(`'type' must be '${TYPE_PREFIX}${stage}' for the stage the request waits at.`);
  const data = body.data;
  if (
    !data ||
    !/^#?microsoft\.graph\.accessPackageAssignmentRequestCallbackData$/.test(data['@odata.type'] ?? '')
  ) {
    reject(
      "'data' must be a microsoft.graph.accessPackageAssignmentRequestCallbackData (set its @odata.type).",
    );
  }
  if (data?.stage !== stage) reject(`'data.stage' must be '${stage}'.`);
  if (data?.customExtensionStageInstanceId !== stageInstanceId) {
    reject("'data.customExtensionStageInstanceId' does not match the stage instance the request waits for.");
  }

  const instance = request.customExtensionCalloutInstances.find((c) => c.id === stageInstanceId);
  if (instance) {
    instance.status = 'callbackReceived';
    instance.detail = data?.customExtensionStageInstanceDetail ?? null;
  }
  request.waiting = undefined;
  ctx.tenant.resumeLog.push({
    requestId: request.id,
    at,
    accepted: true,
    status: 204,
    body: structuredClone(body),
  });
  const verdict = (data?.state ?? '').toLowerCase();
  if (verdict === 'denied') ctx.tenant.complete(request, 'denied');
  else if (verdict === 'canceled') {
    ctx.tenant.complete(request, 'denied', 'Canceled');
    request.state = 'canceled';
  } else request.status = 'Delivering';
  return { status: 204 };
}
