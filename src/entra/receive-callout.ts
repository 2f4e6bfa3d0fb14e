// The web trigger's core: verify first, parse second, answer fast (DESIGN.md; octokit
// verify-and-receive). The relay calls `<web trigger URL>?tenant=<tenant id>`; the token must come
// from that tenant's relay identity. Work goes to the queue; the answer is 202 within milliseconds.
import type { Config } from '../config/schema';
import { tenantById } from '../config/route-tenant';
import { routeOffline } from '../config/route-offline';
import type { Ports } from '../core/ports';
import { appendAudit } from '../core/audit';
import { bearerToken, CalloutAuthError, verifyRelayToken } from './verify-relay-token';
import type { JwksCache } from './jwks-cache';
import { actionableStage, CalloutSchema, CONNECTION_TEST_STAGES, lowerKeys, type Callout } from './callout-schema';
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
  const limit = config.settings.auditLimit;
  const audit = (outcome: 'ok' | 'refused' | 'ignored' | 'duplicate', action: string, extra: { ref?: string; tenantId?: string; detail?: string } = {}) =>
    appendAudit(ports, { kind: 'callout', ref: extra.ref ?? '-', tenantId: extra.tenantId, action, outcome, durationMs: ports.clock.now() - started, detail: extra.detail }, limit);

  if (request.method.toUpperCase() !== 'POST') return respond(405, { error: 'method_not_allowed' });

  // 1. Verify. Nothing of the body is read before the caller is known.
  const tenantParam = request.queryParameters?.tenant;
  const tenantId = tenantParam?.length === 1 && GUID.test(tenantParam[0]!) ? tenantParam[0]!.toLowerCase() : undefined;
  const tenant = tenantId ? tenantById(config, tenantId) : undefined;
  try {
    if (!tenant) throw new CalloutAuthError('the URL names no configured tenant (?tenant=<tenant id>)');
    await verifyRelayToken(bearerToken(header(request, 'authorization')), tenant, { jwks: deps.jwks, clock: ports.clock });
  } catch (error) {
    const reason = error instanceof CalloutAuthError ? error.reason : 'verification failed';
    await audit('refused', 'callout.unauthorized', { tenantId, detail: reason });
    ports.log.event('warn', 'callout.unauthorized', { tenantId, reason });
    return respond(401, { error: 'unauthorized' });
  }

  // 2. Parse.
  const raw = request.body ?? '';
  if (Buffer.byteLength(raw, 'utf8') > MAX_BODY_BYTES) {
    await audit('refused', 'callout.too-large', { tenantId });
    return respond(413, { error: 'body_too_large' });
  }
  let callout: Callout;
  try {
    const body = lowerKeys(JSON.parse(raw)) as Record<string, unknown>;
    // The 2022 preview connection test says "Event" instead of "Stage" (graph-entitlement.md 5.4).
    if (body && typeof body === 'object' && body.stage === undefined && typeof body.event === 'string') body.stage = body.event;
    callout = CalloutSchema.parse(body);
  } catch (error) {
    const detail = error instanceof SyntaxError ? 'body is not JSON' : 'body is not a callout';
    await audit('refused', 'callout.malformed', { tenantId, detail: `${detail}: ${raw.slice(0, 1000)}` });
    return respond(400, { error: 'bad_request', message: detail });
  }

  // 3. Dispatch by stage.
  const stageKey = callout.stage.toLowerCase();
  if (CONNECTION_TEST_STAGES.includes(stageKey)) {
    await audit('ok', 'callout.connection-test', { tenantId });
    return respond(202, { accepted: true });
  }
  const stage = actionableStage(callout.stage);
  if (!stage) {
    await audit('ignored', `callout.unknown-stage`, { tenantId, detail: `stage "${callout.stage}": ${raw.slice(0, 1000)}` });
    return respond(202, { accepted: true });
  }
  const instanceId = callout.customextensionstageinstanceid;
  if (!callout.accesspackageassignmentrequestid || !instanceId || !callout.accesspackage?.id) {
    await audit('refused', 'callout.incomplete', { tenantId, detail: raw.slice(0, 1000) });
    return respond(400, { error: 'bad_request', message: 'request id, stage instance id and access package id are required' });
  }
  const route = routeOffline(config, tenant.tenantId, callout.accesspackage.id, callout.accesspackagecatalog?.id);
  if (!route) {
    await audit('refused', 'callout.not-routed', { ref: instanceId, tenantId, detail: `package ${callout.accesspackage.id}` });
    return respond(400, { error: 'not_routed', message: 'this tenant does not route callouts for this access package' });
  }
  // Entra retries a callout once: the stage instance id makes the second one a no-op.
  const first = await ports.store.setIfAbsent(`callout:${instanceId}`, ports.clock.now(), { ttlSeconds: 30 * 24 * 3600 });
  if (!first) {
    await audit('duplicate', `callout.${stage}`, { ref: instanceId, tenantId });
    return respond(202, { accepted: true, duplicate: true });
  }
  try {
    await ports.queue.push([toCalloutJob(tenant.tenantId, stage, route.id, callout, ports.clock.now())]);
  } catch (error) {
    // Not queued: forget the dedupe mark so the relay's retry (or Entra's) is taken.
    await ports.store.delete(`callout:${instanceId}`);
    ports.log.event('error', 'callout.queue-failed', { tenantId, error: error instanceof Error ? error.name : 'error' });
    return respond(503, { error: 'try_again' });
  }
  await audit('ok', `callout.${stage}`, { ref: instanceId, tenantId, detail: raw.slice(0, 2000) });
  return respond(202, { accepted: true });
}
