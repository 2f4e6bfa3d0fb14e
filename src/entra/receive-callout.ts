// The web trigger's core: verify first, parse second, answer fast (DESIGN.md; octokit
// verify-and-receive). The relay calls `<web trigger URL>?tenant=<tenant id>`; the token must come
// from that tenant's relay identity. Work goes to the queue; the answer is 202 within milliseconds.
import type { Config } from '../config/schema';
import { tenantById } from '../config/route-tenant';
import { routeOffline } from '../config/route-offline';
import type { Ports } from '../core/ports';
import { appendAudit, countRefused } from '../core/audit';
import { bearerToken, CalloutAuthError, verifyRelayToken } from './verify-relay-token';
import { JwksUnavailableError, type JwksCache } from './jwks-cache';
import {
  actionableStage,
  CalloutSchema,
  CalloutShapeError,
  CONNECTION_TEST_STAGES,
  lowerKeys,
  StageSchema,
  type Callout,
} from './callout-schema';
import { toCalloutJob } from './callout-job';

export interface WebRequest {
  method: string;
  headers: Record<string, string[] | undefined>;
  queryParameters?: Record<string, string[] | undefined>;
  body?: string;
}

export interface WebResponse {
  statusCode: number;
  headers: Record<string, string[]>;
  body: string;
}

/** Well above any real callout (a few KB); Forge itself allows 5 MB. */
export const MAX_BODY_BYTES = 64 * 1024;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const respond = (statusCode: number, body: Record<string, unknown>): WebResponse => ({
  statusCode,
  headers: { 'Content-Type': ['application/json'] },
  body: JSON.stringify(body),
});

function header(request: WebRequest, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, values] of Object.entries(request.headers ?? {})) {
    if (key.toLowerCase() === wanted) return values?.length === 1 ? values[0] : undefined;
  }
  return undefined;
}

export async function receiveCallout(
  ports: Ports,
  config: Config,
  request: WebRequest,
  deps: { jwks: JwksCache },
): Promise<WebResponse> {
  const started = ports.clock.now();
  const audit = (
    outcome: 'ok' | 'refused' | 'ignored' | 'duplicate' | 'failed',
    action: string,
    extra: { ref?: string; tenantId?: string; detail?: string } = {},
  ) =>
    appendAudit(ports, {
      kind: 'callout',
      ref: extra.ref ?? '-',
      tenantId: extra.tenantId,
      action,
      outcome,
      durationMs: ports.clock.now() - started,
      detail: extra.detail,
    });

  if (request.method.toUpperCase() !== 'POST') return respond(405, { error: 'method_not_allowed' });

  // 1. Verify. Nothing of the body is read before the caller is known.
  const tenantParam = request.queryParameters?.tenant;
  const tenantId =
    tenantParam?.length === 1 && GUID.test(tenantParam[0]!) ? tenantParam[0]!.toLowerCase() : undefined;
  const tenant = tenantId ? tenantById(config, tenantId) : undefined;
  try {
    if (!tenant) throw new CalloutAuthError('the URL names no configured tenant (?tenant=<tenant id>)');
    await verifyRelayToken(bearerToken(header(request, 'authorization')), tenant, {
      jwks: deps.jwks,
      clock: ports.clock,
    });
  } catch (error) {
    // Anyone can make these calls: they are counted in a rolled-up entry per tenant and hour (one
    // KVS write), never written one by one (finding 11.7). Only a configured tenant gets its own
    // count; any other tenant id counts as unknown.
    if (error instanceof JwksUnavailableError) {
      // Not the caller's fault: 503 makes the relay's retry policy try again; nothing is queued.
      await countRefused(ports, {
        tenantId: tenant?.tenantId,
        action: 'callout.keys-unavailable',
        outcome: 'failed',
        reason: error.message,
      });
      ports.log.event('error', 'callout.keys-unavailable', { tenantId });
      return respond(503, { error: 'try_again' });
    }
    const reason = error instanceof CalloutAuthError ? error.reason : 'verification failed';
    await countRefused(ports, {
      tenantId: tenant?.tenantId,
      action: 'callout.unauthorized',
      outcome: 'refused',
      reason,
    });
    ports.log.event('warn', 'callout.unauthorized', { tenantId, reason });
    return respond(401, { error: 'unauthorized' });
  }

  // 2. Parse: the stage first, so a connection test or an unknown stage is acknowledged whatever
  // else it carries; the full schema only for the stages we act on.
  const raw = request.body ?? '';
  if (Buffer.byteLength(raw, 'utf8') > MAX_BODY_BYTES) {
    await audit('refused', 'callout.too-large', {
      tenantId,
      detail: `${Buffer.byteLength(raw, 'utf8')} bytes`,
    });
    return respond(413, { error: 'body_too_large' });
  }
  const refuse = async (message: string) => {
    await audit('refused', 'callout.malformed', { tenantId, detail: `${message}: ${raw.slice(0, 1000)}` });
    return respond(400, { error: 'bad_request', message });
  };
  let body: Record<string, unknown>;
  try {
    const parsed = lowerKeys(JSON.parse(raw));
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
      return await refuse('body is not a JSON object');
    body = parsed as Record<string, unknown>;
  } catch (error) {
    if (error instanceof SyntaxError) return await refuse('body is not JSON');
    if (error instanceof CalloutShapeError) return await refuse(`body is not a callout: ${error.message}`);
    throw error;
  }
  // The 2022 preview connection test says "Event" instead of "Stage" (graph-entitlement.md 5.4).
  if (body.stage === undefined && typeof body.event === 'string') body.stage = body.event;
  const staged = StageSchema.safeParse(body);
  if (!staged.success) return refuse('body is not a callout: "Stage" is missing or not text');

  // 3. Dispatch by stage.
  const stageName = staged.data.stage;
  if (CONNECTION_TEST_STAGES.includes(stageName.toLowerCase())) {
    await audit('ok', 'callout.connection-test', { tenantId });
    return respond(202, { accepted: true });
  }
  const stage = actionableStage(stageName);
  if (!stage) {
    await audit('ignored', 'callout.unknown-stage', {
      tenantId,
      detail: `stage "${stageName.slice(0, 100)}": ${raw.slice(0, 1000)}`,
    });
    return respond(202, { accepted: true });
  }
  const full = CalloutSchema.safeParse(body);
  if (!full.success) {
    const where = full.error.issues
      .slice(0, 3)
      .map((i) => `${i.path.join('.') || 'body'}: ${i.message}`)
      .join('; ');
    return refuse(`body is not a callout (${where})`);
  }
  const callout: Callout = full.data;
  const instanceId = callout.customextensionstageinstanceid;
  if (!callout.accesspackageassignmentrequestid || !instanceId || !callout.accesspackage?.id) {
    await audit('refused', 'callout.incomplete', { tenantId, detail: raw.slice(0, 1000) });
    return respond(400, {
      error: 'bad_request',
      message: 'request id, stage instance id and access package id are required',
    });
  }
  const route = routeOffline(
    config,
    tenant.tenantId,
    callout.accesspackage.id,
    callout.accesspackagecatalog?.id ?? undefined,
  );
  if (!route) {
    await audit('refused', 'callout.not-routed', {
      ref: instanceId,
      tenantId,
      detail: `package ${callout.accesspackage.id}`,
    });
    return respond(400, {
      error: 'not_routed',
      message: 'this tenant does not route callouts for this access package',
    });
  }
  // Entra retries a callout once: the stage instance id makes the second one a no-op. Keyed by
  // tenant too, so one tenant's relay cannot mark another tenant's stage instance as seen.
  const dedupeKey = `callout:${tenant.tenantId}:${instanceId}`;
  const first = await ports.store.setIfAbsent(dedupeKey, ports.clock.now(), { ttlSeconds: 30 * 24 * 3600 });
  if (!first) {
    await audit('duplicate', `callout.${stage}`, { ref: instanceId, tenantId });
    return respond(202, { accepted: true, duplicate: true });
  }
  try {
    await ports.queue.push([toCalloutJob(tenant.tenantId, stage, route.id, callout, ports.clock.now())]);
  } catch (error) {
    // Not queued: forget the dedupe mark so the relay's retry (or Entra's) is taken.
    await ports.store.delete(dedupeKey);
    ports.log.event('error', 'callout.queue-failed', {
      tenantId,
      error: error instanceof Error ? error.name : 'error',
    });
    return respond(503, { error: 'try_again' });
  }
  await audit('ok', `callout.${stage}`, { ref: instanceId, tenantId, detail: raw.slice(0, 2000) });
  return respond(202, { accepted: true });
}
