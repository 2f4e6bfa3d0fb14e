// The sandbox's demo portal: raise a request as a demo customer (or as any email in a mapped
// organization) and watch the ticket's comments and state arrive. It talks to the Jira emulator
// as a customer would; the workflow runs as it does on Forge, through the triggers and the queue.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { World } from './world';
import type { Demo } from './demo-data';
import { loadTicketState, publicView } from '../src/core/access-request/ticket-state';
import { SANDBOX_APP_UUID, type PortalPanels } from './portal-context';

const PAGE = readFileSync(fileURLToPath(new URL('./demo-portal.html', import.meta.url)), 'utf8');

const RaiseSchema = z.object({
  customer: z.string().min(1).max(200),
  /** Any email: a customer is created on the fly in `organizationId`. */
  email: z.email().max(200).optional(),
  organizationId: z.string().regex(/^\d+$/).optional(),
  requestType: z.enum(['grant', 'remove', 'approval']),
  /** Typed name (the configured field); the picker panel's choice wins when there is one. */
  packageName: z.string().trim().max(300).default(''),
  /** The picker panel session whose last choice goes with the request (an issue property). */
  pickerSession: z
    .string()
    .regex(/^[a-f0-9]{32}$/)
    .optional(),
  justification: z.string().max(1000).optional(),
  endDate: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional()
    .or(z.literal('')),
});

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 64 * 1024) throw new Error('body too large');
    chunks.push(chunk as Buffer);
  }
  return JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
}

function send(res: ServerResponse, status: number, body: unknown, type = 'application/json'): void {
  res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

export function demoPortal(world: World, demo: Demo, panels: PortalPanels) {
  const customers = new Map(Object.values(demo.customers).map((c) => [c.accountId, c]));
  const organizations = () =>
    demo.config.tenants.flatMap((t) =>
      t.organizations.map((o) => ({ id: o.id, name: o.name, tenant: t.displayName })),
    );

  async function tickets(accountId: string) {
    const issues = world.jira
      .issues()
      .filter((i) => i.reporterId === accountId)
      .slice(-20)
      .reverse();
    return Promise.all(
      issues.map(async (issue) => {
        const state = await loadTicketState(world.store, issue.id);
        return {
          key: issue.key,
          summary: issue.summary,
          status: issue.status,
          state: state ? publicView(state) : undefined,
          comments: world.jira.comments(issue.key).map((c) => ({ internal: c.internal, text: c.text })),
        };
      }),
    );
  }

  return {
    prefix: '/demo',
    async handle(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (!url.pathname.startsWith('/demo')) return false;
      try {
        if (req.method === 'GET' && (url.pathname === '/demo' || url.pathname === '/demo/')) {
          send(res, 200, PAGE, 'text/html; charset=utf-8');
        } else if (req.method === 'GET' && url.pathname === '/demo/api/setup') {
          send(res, 200, {
            customers: [...customers.values()].map((c) => ({
              accountId: c.accountId,
              displayName: c.displayName,
              email: c.email,
            })),
            organizations: organizations(),
            requestTypes: demo.requestTypes,
            agentAccountId: world.jira.agentAccountId,
          });
        } else if (req.method === 'GET' && url.pathname === '/demo/api/tickets') {
          send(res, 200, await tickets(url.searchParams.get('customer') ?? ''));
        } else if (req.method === 'POST' && url.pathname === '/demo/api/requests') {
          const parsed = RaiseSchema.safeParse(await readJson(req));
          if (!parsed.success)
            return (
              send(res, 400, {
                error: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
              }),
              true
            );
          const input = parsed.data;
          let accountId = input.customer;
          if (input.email) {
            const existing = [...customers.values()].find(
              (c) => c.email.toLowerCase() === input.email!.toLowerCase(),
            );
            if (existing) accountId = existing.accountId;
            else {
              const organizationIds = input.organizationId ? [input.organizationId] : [];
              accountId = world.jira.addCustomer({
                email: input.email,
                displayName: input.email,
                organizationIds,
              }).accountId;
              customers.set(accountId, { accountId, email: input.email, displayName: input.email });
            }
          }
          if (!customers.has(accountId)) return (send(res, 400, { error: 'Unknown demo customer.' }), true);
          const fields: Record<string, unknown> = input.packageName
            ? { [demo.fields.package]: input.packageName }
            : {};
          // As on the portal: the create panel's view.submit() arrives with the request, stored as
          // an issue property keyed by the app id's UUID ({ [field key]: value }).
          const pick = input.pickerSession ? panels.lastSubmission(input.pickerSession) : undefined;
          const properties =
            pick?.isValid && pick.fields?.length
              ? { [SANDBOX_APP_UUID]: Object.fromEntries(pick.fields.map((f) => [f.key, f.value])) }
              : undefined;
          if (!input.packageName && !properties)
            return (send(res, 400, { error: 'Pick a package (or type its name).' }), true);
          if (input.justification) fields[demo.fields.justification] = input.justification;
          if (input.endDate) fields[demo.fields.endDate] = input.endDate;
          const issue = world.jira.createRequestAsCustomer({
            accountId,
            serviceDeskId: demo.serviceDeskId,
            requestTypeId: demo.requestTypes[input.requestType],
            summary: `${input.requestType === 'remove' ? 'Remove' : 'Access'}: ${input.packageName || 'package picked on the portal'}`,
            fields,
            properties,
          });
          send(res, 201, { key: issue.key, accountId });
        } else if (req.method === 'POST' && url.pathname.startsWith('/demo/api/approve/')) {
          // An agent approves a request that waits for approval.
          world.jira.transition(
            decodeURIComponent(url.pathname.slice('/demo/api/approve/'.length)),
            'Approve',
          );
          send(res, 200, { ok: true });
        } else {
          send(res, 404, { error: 'not found' });
        }
      } catch (error) {
        send(res, 500, { error: error instanceof Error ? error.message : 'error' });
      }
      return true;
    },
  };
}
