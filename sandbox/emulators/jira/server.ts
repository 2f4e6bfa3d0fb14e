// The HTTP side: node:http on 127.0.0.1, JSON only. Each request goes through
// route match -> injected faults -> latency -> contract check (/rest/api/3) -> handler,
// and is counted and logged.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AdfValidator } from './adf';
import type { PlatformContract } from './contract';
import type { Faults } from './faults';
import { jiraError, matchRoute, type Method, type Reply, type Route } from './router';
import type { JiraSite } from './site';

export interface ServerDeps {
  site: JiraSite;
  routes: readonly Route[];
  faults: Faults;
  adf: AdfValidator;
  contract?: PlatformContract;
}

const METHODS = new Set(['GET', 'POST', 'PUT', 'DELETE', 'PATCH']);

/** Jira refuses bodies this large long before; the cap keeps a runaway test from eating memory. */
const MAX_BODY_BYTES = 5 * 1024 * 1024;

async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function send(res: ServerResponse, reply: Reply): void {
  const headers: Record<string, string> = { ...reply.headers };
  if (reply.body !== undefined) {
    headers['content-type'] = 'application/json;charset=UTF-8';
    res.writeHead(reply.status, headers).end(JSON.stringify(reply.body));
  } else {
    res.writeHead(reply.status, headers).end();
  }
}

export function createJiraServer(deps: ServerDeps): Server {
  const { site, routes, faults } = deps;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const rawUrl = req.url ?? '/';
    const q = rawUrl.indexOf('?');
    const path = q < 0 ? rawUrl : rawUrl.slice(0, q);
    const rawQuery = q < 0 ? '' : rawUrl.slice(q + 1);
    const method = (req.method ?? 'GET').toUpperCase();
    const query = new URLSearchParams(rawQuery);
    const text = await readBody(req);
    const log = { at: site.now(), method, path, query: Object.fromEntries(query), route: 'unmatched' };
    if (text === undefined) {
      faults.record({ ...log, status: 413 });
      res.writeHead(413, { 'content-type': 'application/json;charset=UTF-8', connection: 'close' });
      res.end(JSON.stringify({ errorMessages: ['The request body is too large.'], errors: {} }));
      return;
    }

    const finish = (reply: Reply, extra: { fault?: string; body?: unknown } = {}): void => {
      faults.record({ ...log, status: reply.status, ...extra });
      send(res, reply);
    };

    let body: unknown = undefined;
    if (text.trim() !== '') {
      if (!/json/i.test(req.headers['content-type'] ?? '')) {
        return finish(jiraError(415, ['Send the request body as application/json.']));
      }
      try {
        body = JSON.parse(text);
      } catch {
        return finish(jiraError(400, ['Unexpected character in the JSON body: it does not parse.']));
      }
    }

    const match = METHODS.has(method) ? matchRoute(routes, method, path) : ({ kind: 'not-found' } as const);
    if (match.kind === 'bad-encoding')
      return finish(jiraError(400, ['The URL has a malformed percent-encoding.']), { body });
    if (match.kind === 'not-found')
      return finish(jiraError(404, [`No API resource at ${method} ${path}.`]), { body });
    if (match.kind === 'method-not-allowed') {
      log.route = `${method} ${match.pattern}`;
      return finish(jiraError(405, [`Method ${method} is not allowed for ${match.pattern}.`]), { body });
    }
    log.route = match.route.name;

    const decision = faults.before(match.route.name);
    if (faults.latencyMs > 0) await new Promise((r) => setTimeout(r, faults.latencyMs));
    if (decision.kind === 'drop') {
      faults.record({ ...log, status: 0, fault: 'drop', body });
      req.socket.destroy();
      return;
    }
    if (decision.kind === 'respond') {
      return finish(
        { status: decision.status, body: decision.body, headers: decision.headers },
        { fault: decision.fault, body },
      );
    }
    if (decision.kind === 'malformed') {
      faults.record({ ...log, status: 200, fault: 'malformed', body });
      res
        .writeHead(200, { 'content-type': 'application/json;charset=UTF-8' })
        .end('{"values": [{"id": "1", "na');
      return;
    }

    if (deps.contract && path.startsWith('/rest/api/3/')) {
      const problems = deps.contract(method, path, rawQuery, body);
      if (problems && problems.length)
        return finish(
          jiraError(
            400,
            problems.map((p) => `Contract: ${p}`),
          ),
          { body, fault: undefined },
        );
    }

    let reply: Reply;
    try {
      reply = match.route.handler({
        method: method as Method,
        params: match.params,
        query,
        body,
        site,
        adf: deps.adf,
      });
    } catch (error) {
      reply = jiraError(500, [`Emulator error: ${error instanceof Error ? error.message : String(error)}`]);
    }
    if (faults.loseResponse(match.route.name)) {
      faults.record({ ...log, status: 0, fault: 'lost_response', body });
      req.socket.destroy();
      return;
    }
    finish(reply, { body });
  }

  return createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) send(res, jiraError(500, [`Emulator error: ${String(error)}`]));
    });
  });
}
