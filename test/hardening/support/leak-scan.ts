// Everything a secret could leak into, read back from a world after a run: log lines, comments
// (text and ADF), issue fields and properties, queue payloads, audit entries, the store's
// non-secret values, what the app sent to Graph, error messages, and the admin and portal
// resolvers' responses.
// Each is searched for the sentinel secrets and for access tokens (JWT-shaped strings: the login
// emulator's tokens, the relay's tokens).
import { listAudit } from '../../../src/core/audit';
import { runOperation } from '../../../src/core/operation';
import { adminOperations, type AdminDeps } from '../../../src/core/admin/operations';
import { portalOperations, type PortalDeps, type PortalCaller } from '../../../src/core/portal/operations';
import type { World } from '../../../sandbox/world';

/** A compact JWS: three base64url parts, the first two JSON objects ("eyJ" is `{"`). */
export const JWT_SHAPE = /eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{16,}/;

export interface Surface {
  where: string;
  text: string;
}

export interface Finding {
  where: string;
  what: 'sentinel secret' | 'access token';
  /** 60 characters around the hit, with the secret itself masked. */
  context: string;
}

const json = (value: unknown) =>
  JSON.stringify(value, (_k, v: unknown) =>
    v instanceof Error ? { name: v.name, message: v.message, cause: v.cause } : v,
  ) ?? '';

function errorText(error: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = error, depth = 0; e && depth < 5; depth++) {
    if (e instanceof Error) {
      parts.push(`${e.name}: ${e.message}`);
      e = e.cause;
    } else {
      parts.push(String(e));
      break;
    }
  }
  return parts.join(' <- ');
}

/** The surfaces of a world after a run; `errors` are what the run threw or recorded. */
export async function surfacesOf(world: World, extra: { errors?: unknown[] } = {}): Promise<Surface[]> {
  const surfaces: Surface[] = [
    { where: 'log', text: world.log.serialized() },
    { where: 'queue payloads', text: json(world.queue.pushed) },
    { where: 'audit', text: json(await listAudit(world.store, { limit: 100_000 })) },
    { where: 'store values', text: json(world.store.dump().values) },
    { where: 'sent to Graph (global)', text: json(world.graphGlobal.requests) },
    { where: 'sent to Graph (custom)', text: json(world.graphCustom.requests) },
    { where: 'Jira requests', text: json(world.jira.requests()) },
    { where: 'trigger errors', text: world.jira.events.errors.map(errorText).join('\n') },
    { where: 'run errors', text: (extra.errors ?? []).map(errorText).join('\n') },
  ];
  for (const issue of world.jira.issues()) {
    surfaces.push({ where: `issue ${issue.key}`, text: json(issue) });
    surfaces.push({ where: `comments of ${issue.key}`, text: json(world.jira.comments(issue.key)) });
    surfaces.push({ where: `properties of ${issue.key}`, text: json(world.jira.properties(issue.key)) });
  }
  // What the admin page would be shown (src/core/admin; Forge resolver and sandbox stand-in alike).
  const deps: AdminDeps = {
    ...world.ports,
    webTriggerUrl: async () => 'https://example.atlassian-dev.net/x1/callout',
    actor: { accountId: 'leak-scan' },
  };
  for (const [name, payload] of [
    ['getConfiguration', {}],
    ['exportConfiguration', {}],
    ['listAudit', { limit: 500 }],
  ] as const) {
    if (!Object.hasOwn(adminOperations, name)) continue;
    surfaces.push({
      where: `admin ${name}`,
      text: json(await runOperation(adminOperations, name, payload, deps)),
    });
  }
  // What the portal panels would be shown for each ticket: the customer's status, the agents' view,
  // and the picker of its request type.
  const portal = (caller: PortalCaller): PortalDeps => ({
    ...world.ports,
    caller,
    agents: { isAgentOn: async () => true },
  });
  for (const issue of world.jira.issues().slice(0, 60)) {
    const accountId = issue.reporterId ?? 'unknown';
    for (const surface of ['status', 'agent'] as const) {
      const answer = await runOperation(
        portalOperations,
        'requestStatus',
        {},
        portal({ accountId, surface, issueKey: issue.key }),
      );
      surfaces.push({ where: `portal ${surface} of ${issue.key}`, text: json(answer) });
    }
    const picker = await runOperation(
      portalOperations,
      'listPackages',
      { query: '' },
      portal({ accountId, surface: 'picker', requestTypeId: issue.requestTypeId ?? undefined }),
    );
    surfaces.push({ where: `portal picker for ${issue.key}`, text: json(picker) });
  }
  return surfaces;
}

export function scan(surfaces: Surface[], sentinels: string[]): Finding[] {
  const findings: Finding[] = [];
  const around = (text: string, at: number, length: number) =>
    `${text.slice(Math.max(0, at - 30), at)}[…${length} chars…]${text.slice(at + length, at + length + 30)}`;
  for (const { where, text } of surfaces) {
    for (const sentinel of sentinels) {
      const at = text.indexOf(sentinel);
      if (at >= 0)
        findings.push({ where, what: 'sentinel secret', context: around(text, at, sentinel.length) });
    }
    const token = JWT_SHAPE.exec(text);
    if (token)
      findings.push({ where, what: 'access token', context: around(text, token.index, token[0].length) });
  }
  return findings;
}
