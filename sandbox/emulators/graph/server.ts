// The request pipeline: count, authenticate, inject faults, route by the contract, validate the
// request (strict), run the handler, validate the answer (strict), write Graph's headers.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ContractValidator } from '../../../test/contracts/validator';
import { parseQueryString, QueryStringError } from '../../../test/contracts/query-string';
import type { AccessTokenClaims, EntraLogin } from '../entra-login';
import { header, readBody, sleep } from '../shared/http';
import { newGuid } from '../shared/ids';
import { authenticate, authorize } from './auth';
import type { GraphContext, HandlerResult } from './context';
import { bump, UNAUTHENTICATED, type Counters, type LoggedRequest, type RequestLog } from './counters';
import { badRequest, GraphError, graphErrorBody } from './errors';
import type { FaultInjector } from './faults';
import type { TenantData } from './lifecycle';
import type { UndocumentedExpand } from './documented-expand';
import { parseQueryOptions } from './odata-query';
import type { Pager } from './paging';
import { routeKey, ROUTES } from './router';

export interface ServerDeps {
  login: EntraLogin;
  validator: ContractValidator;
  strict: boolean;
  now: () => number;
  latencyMs: number;
  faults: FaultInjector;
  counters: () => Counters;
  log: RequestLog;
  pager: Pager;
  tenant: (tenantId: string) => TenantData;
  baseUrl: () => string;
  plusInQuery: PlusInQuery;
  /** The national cloud this emulator stands for (what Graph offers differs by cloud). */
  cloud: EmulatedCloud;
  /** Read on every request, so a test may change it between calls. */
  settings: GraphEmulatorSettings;
}

/** Behaviour the documentation leaves open; the app must be right under every value. */
export interface GraphEmulatorSettings {
  /** A `$expand` the operation's page does not document: 'reject' (default, 400) or 'accept'. */
  undocumentedExpand: UndocumentedExpand;
}

export type EmulatedCloud = 'global' | 'usgov' | 'usgovdod' | 'china' | 'custom';

/**
 * A raw '+' in the query. RFC 3986 makes it a literal '+'; the reference (graph-entitlement.md 3)
 * reports Graph reading it as a space (`a+b@x.com` -> `a b@x.com`). 'reject' (default) answers 400
 * either way, so neither a raw plus nor URLSearchParams' '+'-for-space gets past the emulator;
 * 'literal' and 'space' pick one reading.
 */
export type PlusInQuery = 'reject' | 'literal' | 'space';

// Graph's own media type for JSON answers.
const JSON_TYPE =
  'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';

export function createGraphHandler(deps: ServerDeps) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const requestId = newGuid();
    const clientRequestId = header(req, 'client-request-id') ?? requestId;
    const method = (req.method ?? 'GET').toUpperCase();
    const rawUrl = req.url ?? '/';
    const q = rawUrl.indexOf('?');
    const path = q < 0 ? rawUrl : rawUrl.slice(0, q);
    const rawQuery = q < 0 ? '' : rawUrl.slice(q + 1);
    const counters = deps.counters();
    counters.total += 1;
    const entry: LoggedRequest = deps.log.add({
      at: new Date(deps.now()).toISOString(),
      method,
      path,
      query: {},
      requestId,
      clientRequestId,
    });
    const ids = { requestId, clientRequestId };

    const send = (result: HandlerResult) => {
      entry.status = result.status;
      bump(counters.byStatus, String(result.status));
      const headers: Record<string, string> = {
        'request-id': requestId,
        'client-request-id': clientRequestId,
        ...(result.headers ?? {}),
      };
      if (result.body === undefined) {
        res.writeHead(result.status, { ...headers, 'Content-Length': '0' });
        res.end();
        return;
      }
      const text = typeof result.body === 'string' ? result.body : JSON.stringify(result.body);
      res.writeHead(result.status, {
        'Content-Type': JSON_TYPE,
        'Content-Length': String(Buffer.byteLength(text)),
        ...headers,
      });
      res.end(text);
    };
    const sendError = (err: GraphError) =>
      send({
        status: err.status,
        headers: err.headers,
        body: graphErrorBody(err.graphCode, err.message, { ...ids, nowMs: deps.now() }),
      });
    const drop = () => {
      entry.status = 'dropped';
      bump(counters.byStatus, 'dropped');
      req.socket.destroy();
    };

    // Route first (for the counters' key), answer routing errors after authentication as Graph does.
    const resolved = deps.validator.resolve(method, path);
    const route =
      resolved.kind === 'match'
        ? routeKey(method, resolved.match.pathTemplate)
        : resolved.kind === 'no-method'
          ? routeKey(method, resolved.pathTemplate)
          : `${method} (unmatched)`;
    entry.route = route;
    bump(counters.byRoute, route);

    let rawBody: string;
    let claims: AccessTokenClaims;
    try {
      rawBody = await readBody(req);
      claims = await authenticate(header(req, 'authorization'), deps.login, deps.baseUrl(), deps.now());
    } catch (error) {
      bump(counters.byTenant, UNAUTHENTICATED);
      if (error instanceof GraphError) return sendError(error);
      throw error;
    }
    const tenantId = claims.tid;
    entry.tenant = tenantId;
    bump(counters.byTenant, tenantId);

    const latency = deps.faults.latencyMs(tenantId, route) ?? deps.latencyMs;
    if (latency > 0) await sleep(latency);
    const fault = deps.faults.before(tenantId, route);
    if (fault.kind === 'drop') return drop();
    if (fault.kind === 'malformed') return send({ status: 200, body: '{"@odata.context":"', headers: {} });
    if (fault.kind === 'throttle') {
      return sendError(
        new GraphError(
          429,
          'TooManyRequests',
          'Too many requests. Retry after the time in the Retry-After header.',
          { 'Retry-After': String(fault.retryAfterSeconds) },
        ),
      );
    }
    if (fault.kind === 'error') {
      if (fault.status === 503)
        return sendError(
          new GraphError(
            503,
            'serviceNotAvailable',
            'Service unavailable. Retry after the time in the Retry-After header.',
            { 'Retry-After': '1' },
          ),
        );
      if (fault.status === 504)
        return sendError(
          new GraphError(504, 'gatewayTimeout', 'The gateway did not receive a timely response.'),
        );
      return sendError(new GraphError(500, 'generalException', 'General exception while processing.'));
    }

    try {
      if (!/^\/v1\.0(\/|$)/i.test(path)) {
        const version = path.split('/').filter(Boolean)[0] ?? '';
        throw badRequest(
          version === 'beta'
            ? 'The Graph emulator serves v1.0 only: the app must not call beta.'
            : `Invalid version: ${version}`,
        );
      }
      if (resolved.kind === 'no-path') {
        throw badRequest(
          resolved.badEncoding
            ? `Malformed percent-encoding in the path.`
            : `Resource not found for the segment '${resolved.unmatchedSegment}'.`,
        );
      }
      if (resolved.kind === 'no-method') {
        throw new GraphError(
          405,
          'Request_BadRequest',
          `Specified HTTP method '${method}' is not allowed for the request uri. Allowed: ${resolved.allowed.join(', ')}.`,
        );
      }
      const match = resolved.match;
      authorize(claims, method, match.pathTemplate);

      let query: Map<string, string>;
      if (rawQuery.includes('+') && deps.plusInQuery === 'reject') {
        throw badRequest(
          "A raw '+' in the query string is ambiguous: percent-encode query values (a space as %20, a plus as %2B).",
        );
      }
      try {
        const parsed = parseQueryString(
          deps.plusInQuery === 'space' ? rawQuery.replace(/\+/g, '%20') : rawQuery,
        );
        if (parsed.duplicates.length > 0)
          throw badRequest(
            `Query option '${parsed.duplicates[0]}' was specified more than once, but it must be specified at most once.`,
          );
        query = parsed.params;
      } catch (error) {
        if (error instanceof QueryStringError) throw badRequest(error.message);
        throw error;
      }
      entry.query = Object.fromEntries(query);
      const body = parseJsonBody(rawBody, header(req, 'content-type'));
      entry.body = body;
      if (deps.strict) {
        const problems = deps.validator.validateRequest(method, path, query, body);
        if (problems.length > 0)
          throw badRequest(`The request does not match the contract: ${problems.join('; ')}`);
      }
      const handler = ROUTES[route];
      if (!handler)
        throw new GraphError(501, 'NotImplemented', `The Graph emulator has no handler for ${route}.`);
      const ctx: GraphContext = {
        method,
        path,
        query,
        options: parseQueryOptions(query),
        body,
        pathTemplate: match.pathTemplate,
        params: match.params,
        headers: req.headers,
        tenant: deps.tenant(tenantId),
        claims,
        baseUrl: deps.baseUrl(),
        cloud: deps.cloud,
        nowMs: deps.now(),
        pager: deps.pager,
        schema: (name) => deps.validator.schemaProperties(name),
        schemaDef: (name) => deps.validator.doc.components?.schemas?.[name],
        undocumentedExpand: deps.settings.undocumentedExpand,
      };
      const result = await handler(ctx);
      if (deps.strict && result.body !== undefined) {
        const problems = deps.validator.validateResponse(method, path, result.status, result.body);
        if (problems.length > 0) {
          // An emulator bug, not the caller's: say so loudly.
          throw new GraphError(
            500,
            'EmulatorContractViolation',
            `The emulator's answer does not match the contract: ${problems.join('; ')}`,
          );
        }
      }
      const after = deps.faults.after(tenantId, route);
      if (after.kind === 'drop') return drop();
      if (after.kind === 'malformed') {
        const text = JSON.stringify(result.body ?? {});
        return send({ status: 200, body: text.slice(0, Math.max(1, Math.floor(text.length / 2))) });
      }
      return send(result);
    } catch (error) {
      if (error instanceof GraphError) return sendError(error);
      throw error;
    }
  };
}

function parseJsonBody(raw: string, contentType: string | undefined): unknown {
  if (raw.trim() === '') return undefined;
  const invalid = badRequest(
    'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.',
  );
  if (!contentType?.toLowerCase().includes('application/json')) throw invalid;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    throw invalid;
  }
}
