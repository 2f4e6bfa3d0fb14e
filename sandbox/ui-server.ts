// Serves the built Custom UI apps (static/<app>/build, the same files Forge deploys) on localhost,
// with a stand-in for the Forge host's bridge injected before each bundle
// (sandbox/bridge-standin.js). Its `invoke` reaches POST /bridge/<app>/invoke, which runs the
// app's operations registry (src/core/operation.ts) on the sandbox's ports: the same registry the
// Forge resolvers define. The sandbox never imports src/forge/ (DESIGN.md "Layout").
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runOperation, type OperationResponse, type OperationsRegistry } from '../src/core/operation';
import type { Ports } from '../src/core/ports';

const HERE = dirname(fileURLToPath(import.meta.url));
const STANDIN = join(HERE, 'bridge-standin.js');

export interface UiRoute {
  /** Requests whose path starts with this are offered to `handle` first. */
  prefix: string;
  /** True when it answered the request. */
  handle(req: IncomingMessage, res: ServerResponse): Promise<boolean>;
}

export interface InvokeRecord {
  app: string;
  functionKey: string;
  payload: unknown;
  response: OperationResponse<unknown>;
}

export interface UiServerOptions {
  /** Default 0 (an ephemeral port). */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** One operations registry per app (folder name under static/), e.g. { admin: adminOperations }. */
  // `any` on purpose: each app's registry has its own deps type; the server builds those deps.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  resolvers: Record<string, OperationsRegistry<any>>;
  /** What view.getContext() returns in that app; its `accountId` is the operations' actor. */
  context: (app: string) => Record<string, unknown>;
  /**
   * The URL getWebTriggerUrl reports, given the origin the page was loaded from
   * (http://127.0.0.1:PORT). Default `<origin>/webtrigger/entra-callout`.
   */
  webTriggerUrl?: (origin: string) => string | Promise<string>;
  extraRoutes?: UiRoute[];
  /** Sees every invoke and its response (tests capture them). */
  observe?: (record: InvokeRecord) => void;
  /** Where the apps live; default <repo>/static. */
  staticRoot?: string;
  /**
   * Runs the operations as the Forge resolver does (AdminDeps `onForge`), for tests of what the
   * page does on Forge. The sandbox itself leaves it unset: it is not Forge.
   */
  onForge?: boolean;
}

export interface UiRoutes {
  /** Answers /<app>/…, /bridge/<app>/<call> and the stand-in script; false for anything else. */
  handle(req: IncomingMessage, res: ServerResponse): Promise<boolean>;
  /** Payloads given to view.submit(), per app, oldest first. */
  submissions(app: string): unknown[];
}

export interface UiServer {
  url: string;
  /** http://host:port/<app>/ */
  appUrl(app: string): string;
  /** Payloads given to view.submit(), per app, oldest first. */
  submissions(app: string): unknown[];
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

function send(res: ServerResponse, status: number, body: string, type = 'text/plain; charset=utf-8'): void {
  res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' });
  res.end(body);
}
const sendJson = (res: ServerResponse, status: number, body: unknown) =>
  send(res, status, JSON.stringify(body ?? null), 'application/json');

async function readJson(req: IncomingMessage, limit = 4_000_000): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new Error('Request body too large');
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? JSON.parse(text) : undefined;
}

/** index.html with the stand-in bridge loaded before the bundle (a module script runs later anyway). */
export function injectStandin(html: string, app: string): string {
  const tag = `<script src="/__sandbox/bridge-standin.js" data-app="${app.replace(/[^a-z0-9-]/gi, '')}"></script>`;
  return html.includes('<head>') ? html.replace('<head>', `<head>\n    ${tag}`) : `${tag}\n${html}`;
}

/** The UI routes alone, to mount in a server of one's own (sandbox/main.ts style routes). */
export function createUiRoutes(
  deps: { ports: Ports },
  options: Omit<UiServerOptions, 'port' | 'host' | 'extraRoutes'>,
): UiRoutes {
  const staticRoot = options.staticRoot ?? resolve(HERE, '../static');
  const submissions = new Map<string, unknown[]>();

  async function bridge(app: string, name: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const registry = options.resolvers[app];
    if (!registry) return sendJson(res, 404, { message: `No resolver for app "${app}".` });
    const body = await readJson(req);
    const context = options.context(app);
    switch (name) {
      case 'invoke': {
        const { functionKey, payload } = (body ?? {}) as { functionKey?: unknown; payload?: unknown };
        const key = typeof functionKey === 'string' ? functionKey : '';
        const origin = `http://${req.headers.host ?? '127.0.0.1'}`;
        const operationDeps = {
          ...deps.ports,
          webTriggerUrl: async () =>
            options.webTriggerUrl ? options.webTriggerUrl(origin) : `${origin}/webtrigger/entra-callout`,
          actor: { accountId: String(context.accountId ?? 'sandbox-admin') },
          context,
          ...(options.onForge ? { onForge: true } : {}),
        };
        const response = await runOperation(registry, key, payload, operationDeps, deps.ports.log);
        options.observe?.({ app, functionKey: key, payload, response });
        return sendJson(res, 200, response);
      }
      case 'getContext':
        return sendJson(res, 200, context);
      case 'enableTheming':
        // No Jira around the page: the CSS fallbacks (light theme) apply.
        return sendJson(res, 200, true);
      case 'submit':
        submissions.set(app, [...(submissions.get(app) ?? []), body]);
        return sendJson(res, 200, true);
      default:
        return sendJson(res, 501, { message: `The sandbox bridge does not implement "${name}".` });
    }
  }

  function serveApp(app: string, rest: string, res: ServerResponse): void {
    const build = join(staticRoot, app, 'build');
    if (!existsSync(join(build, 'index.html'))) {
      return send(res, 503, `static/${app}/build is missing: run npm run build.`);
    }
    const relative = decodeURIComponent(rest || 'index.html');
    const file = resolve(build, relative);
    if (!file.startsWith(build + sep) || !existsSync(file) || !statSync(file).isFile())
      return send(res, 404, 'Not found');
    if (relative === 'index.html')
      return send(res, 200, injectStandin(readFileSync(file, 'utf8'), app), TYPES['.html']);
    res.writeHead(200, {
      'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
      'Cache-Control': 'no-store',
    });
    createReadStream(file).pipe(res);
  }

  return {
    submissions: (app) => [...(submissions.get(app) ?? [])],
    async handle(req, res) {
      const path = new URL(req.url ?? '/', 'http://localhost').pathname;
      if (path === '/__sandbox/bridge-standin.js') {
        send(res, 200, readFileSync(STANDIN, 'utf8'), TYPES['.js']);
        return true;
      }
      const bridgeCall = /^\/bridge\/([a-z0-9-]+)\/([A-Za-z_]+)$/.exec(path);
      if (bridgeCall) {
        if (req.method !== 'POST') send(res, 405, 'POST only');
        else await bridge(bridgeCall[1] as string, bridgeCall[2] as string, req, res);
        return true;
      }
      const appPath = /^\/([a-z0-9-]+)(\/(.*))?$/.exec(path);
      if (!appPath || !options.resolvers[appPath[1] as string]) return false;
      if (appPath[2] === undefined) {
        res.writeHead(302, { Location: `/${appPath[1]}/` });
        res.end();
      } else serveApp(appPath[1] as string, appPath[3] ?? '', res);
      return true;
    },
  };
}

/** A server of its own for the UI routes (tests; or `npm start` if it has no server yet). */
export async function startUiServer(deps: { ports: Ports }, options: UiServerOptions): Promise<UiServer> {
  const routes = createUiRoutes(deps, options);
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    for (const route of options.extraRoutes ?? []) {
      if (path.startsWith(route.prefix) && (await route.handle(req, res))) return;
    }
    if (await routes.handle(req, res)) return;
    if (path === '/') {
      const links = Object.keys(options.resolvers)
        .map((app) => `<li><a href="/${app}/">${app}</a></li>`)
        .join('');
      return send(
        res,
        200,
        `<!doctype html><title>Access Bridge sandbox</title><h1>Access Bridge sandbox</h1><ul>${links}</ul>`,
        TYPES['.html'],
      );
    }
    send(res, 404, 'Not found');
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent) return void res.destroy();
      sendJson(res, 500, { message: `Sandbox UI server: ${error instanceof Error ? error.name : 'error'}` });
    });
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => ok());
  });
  const { port, address } = server.address() as AddressInfo;
  const url = `http://${address.includes(':') ? `[${address}]` : address}:${port}`;
  return {
    url,
    appUrl: (app) => `${url}/${app}/`,
    submissions: routes.submissions,
    close: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}
