// The portal panels in the sandbox: static/portal/build (the bundle Forge deploys) served with the
// stand-in bridge (bridge-standin.js), one session per open panel. A session holds the Forge-shaped
// context its panel runs in (customer, module, request type or issue), so several panels for
// different customers can be open at once; the bundle's bridge calls reach
// /bridge/portal-<session>/<name>, and `invoke` runs the same registry the Forge resolver runs
// (src/core/portal/operations.ts). What the picker submits is kept, and attachPick() stores it on a
// new request as Jira does on the portal: an issue property keyed by the app id's UUID.
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, statSync, createReadStream } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { runOperation } from '../src/core/operation';
import type { Ports } from '../src/core/ports';
import { portalOperations } from '../src/core/portal/operations';
import { callerFromContext } from '../src/core/portal/caller';
import type { PortalDeps } from '../src/core/portal/deps';
import { setIssueProperty } from '../src/jira';
import type { JiraEmulator } from './emulators/jira';

const HERE = dirname(fileURLToPath(import.meta.url));
const BUILD = resolve(HERE, '../static/portal/build');
const STANDIN = join(HERE, 'bridge-standin.js');

/** The manifest's placeholder app id (`forge register` replaces it); its UUID keys the picker's property. */
export const SANDBOX_APP_ID = 'ari:cloud:ecosystem::app/00000000-0000-0000-0000-000000000000';
export const SANDBOX_APP_UUID = SANDBOX_APP_ID.split('/').pop() as string;

export type PanelSpec =
  | { panel: 'picker'; accountId: string; requestTypeId: string; pollMs?: number }
  | { panel: 'status' | 'agent'; accountId: string; issueKey: string; pollMs?: number };

const SpecSchema = z.discriminatedUnion('panel', [
  z
    .object({
      panel: z.literal('picker'),
      accountId: z.string().min(1).max(200),
      requestTypeId: z.string().regex(/^\d+$/),
      pollMs: z.number().int().min(100).max(60_000).optional(),
    })
    .strict(),
  z
    .object({
      panel: z.enum(['status', 'agent']),
      accountId: z.string().min(1).max(200),
      issueKey: z.string().regex(/^[A-Z][A-Z0-9_]*-\d+$/),
      pollMs: z.number().int().min(100).max(60_000).optional(),
    })
    .strict(),
]);

const MODULES = {
  picker: { moduleKey: 'package-picker', type: 'jiraServiceManagement:portalRequestCreatePropertyPanel' },
  status: { moduleKey: 'request-status', type: 'jiraServiceManagement:portalRequestDetail' },
  agent: { moduleKey: 'agent-status', type: 'jira:issueContext' },
} as const;

interface Session {
  id: string;
  spec: PanelSpec;
  context: Record<string, unknown>;
  submissions: unknown[];
}

export interface PortalPanels {
  /** Serves /portal-panel/* and /bridge/portal-*; mount in any node:http server (or UiServerOptions.extraRoutes). */
  prefix: string;
  handle(req: IncomingMessage, res: ServerResponse): Promise<boolean>;
  /** A new panel session; `path` is the page to load (in an iframe or a browser tab). */
  open(spec: PanelSpec): { id: string; path: string };
  /** What the picker of a session last gave to view.submit(), if anything. */
  lastSubmission(id: string): { fields?: { key: string; value: unknown }[]; isValid?: boolean } | undefined;
  /** Stores the session's last valid pick on the issue, as Jira does when the portal form is sent. */
  attachPick(issueKey: string, id: string): Promise<boolean>;
}

/** The Forge context of a panel, shaped as Forge documents it for each module. */
export function panelContext(spec: PanelSpec, issueId?: string): Record<string, unknown> {
  const m = MODULES[spec.panel];
  const extension =
    spec.panel === 'picker'
      ? { type: m.type, portal: { id: 1 }, request: { typeId: spec.requestTypeId } }
      : spec.panel === 'status'
        ? { type: m.type, portal: { id: 1 }, request: { key: spec.issueKey } }
        : { type: m.type, issue: { key: spec.issueKey, id: issueId }, project: { type: 'service_desk' } };
  return {
    accountId: spec.accountId,
    cloudId: 'sandbox-cloud',
    moduleKey: m.moduleKey,
    localId: `sandbox-${spec.panel}`,
    locale: 'en-US',
    timezone: 'UTC',
    extension,
  };
}

export function createPortalPanels(world: { ports: Ports; jira: JiraEmulator }): PortalPanels {
  const sessions = new Map<string, Session>();

  function send(res: ServerResponse, status: number, body: string, type = 'text/plain; charset=utf-8'): true {
    res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' });
    res.end(body);
    return true;
  }
  const sendJson = (res: ServerResponse, status: number, body: unknown) =>
    send(res, status, JSON.stringify(body ?? null), 'application/json');

  async function readJson(req: IncomingMessage): Promise<unknown> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > 256 * 1024) throw new Error('Request body too large');
      chunks.push(chunk as Buffer);
    }
    const text = Buffer.concat(chunks).toString('utf8');
    return text ? JSON.parse(text) : undefined;
  }

  const open = (spec: PanelSpec) => {
    const id = randomUUID().replace(/-/g, '');
    sessions.set(id, { id, spec, context: panelContext(spec), submissions: [] });
    return { id, path: `/portal-panel/${id}/${spec.pollMs ? `?pollMs=${spec.pollMs}` : ''}` };
  };

  function deps(session: Session): PortalDeps {
    const caller = callerFromContext(session.context);
    if (!caller) throw new Error('sandbox portal session without a caller');
    // Stands in for asking Jira as the caller (mypermissions): the emulator's one agent account.
    return {
      ...world.ports,
      caller,
      agents: { isAgentOn: async () => caller.accountId === world.jira.agentAccountId },
    };
  }

  async function bridge(
    session: Session,
    name: string,
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<true> {
    const body = await readJson(req);
    switch (name) {
      case 'invoke': {
        const { functionKey, payload } = (body ?? {}) as { functionKey?: unknown; payload?: unknown };
        const response = await runOperation(
          portalOperations,
          typeof functionKey === 'string' ? functionKey : '',
          payload,
          deps(session),
          world.ports.log,
        );
        return sendJson(res, 200, response);
      }
      case 'getContext':
        return sendJson(res, 200, session.context);
      case 'enableTheming':
        return sendJson(res, 200, true);
      case 'submit':
        if (session.spec.panel !== 'picker') return sendJson(res, 200, false); // only the create form is submittable
        session.submissions.push(body);
        return sendJson(res, 200, true);
      default:
        // resize, etc.: nothing to do outside Jira.
        return sendJson(res, 200, null);
    }
  }

  function serveBuild(session: Session, rest: string, res: ServerResponse): true {
    if (!existsSync(join(BUILD, 'index.html')))
      return send(res, 503, 'static/portal/build is missing: run npm run build.');
    const relative = decodeURIComponent(rest || 'index.html');
    const file = resolve(BUILD, relative);
    if (!file.startsWith(BUILD + sep) || !existsSync(file) || !statSync(file).isFile())
      return send(res, 404, 'Not found');
    if (relative === 'index.html') {
      const tag = `<script src="/portal-panel/bridge-standin.js" data-app="portal-${session.id}"></script>`;
      return send(
        res,
        200,
        readFileSync(file, 'utf8').replace('<head>', `<head>\n    ${tag}`),
        'text/html; charset=utf-8',
      );
    }
    const types: Record<string, string> = {
      '.js': 'text/javascript; charset=utf-8',
      '.css': 'text/css; charset=utf-8',
      '.svg': 'image/svg+xml',
    };
    res.writeHead(200, {
      'Content-Type': types[extname(file)] ?? 'application/octet-stream',
      'Cache-Control': 'no-store',
    });
    createReadStream(file).pipe(res);
    return true;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const bridgeCall = /^\/bridge\/portal-([a-f0-9]{32})\/([A-Za-z_]+)$/.exec(path);
    if (bridgeCall) {
      const session = sessions.get(bridgeCall[1] as string);
      if (!session) return sendJson(res, 404, { message: 'This panel session has ended: reload the page.' });
      if (req.method !== 'POST') return send(res, 405, 'POST only');
      return bridge(session, bridgeCall[2] as string, req, res);
    }
    if (!path.startsWith('/portal-panel/')) return false;
    if (path === '/portal-panel/bridge-standin.js')
      return send(res, 200, readFileSync(STANDIN, 'utf8'), 'text/javascript; charset=utf-8');
    if (path === '/portal-panel/sessions' && req.method === 'POST') {
      const parsed = SpecSchema.safeParse(await readJson(req));
      if (!parsed.success)
        return sendJson(res, 400, {
          message: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
        });
      return sendJson(res, 201, open(parsed.data));
    }
    const page = /^\/portal-panel\/([a-f0-9]{32})\/(.*)$/.exec(path);
    const session = page ? sessions.get(page[1] as string) : undefined;
    if (!page || !session) return send(res, 404, 'No such panel session.');
    return serveBuild(session, page[2] ?? '', res);
  }

  return {
    prefix: '/',
    handle,
    open,
    lastSubmission: (id) =>
      sessions.get(id)?.submissions.at(-1) as ReturnType<PortalPanels['lastSubmission']>,
    async attachPick(issueKey, id) {
      const last = sessions.get(id)?.submissions.at(-1) as ReturnType<PortalPanels['lastSubmission']>;
      if (!last?.isValid || !last.fields?.length) return false;
      // Stored as { [field key]: value }: one layout pickedPackageId() reads (core/portal/picker-value.ts).
      const value = Object.fromEntries(last.fields.map((f) => [f.key, f.value]));
      await setIssueProperty(world.ports.jira, issueKey, SANDBOX_APP_UUID, value);
      return true;
    },
  };
}
