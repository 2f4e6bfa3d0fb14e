// Finding 11.10: an offline ticket's description carries the requester's justification and
// answers, typed by anyone in the customer tenant. Sent as a plain string, JSM renders it as wiki
// markup (the Jira emulator does the same: sandbox/emulators/jira/render.ts), so a link, a
// mention or an external image would become live for the MSP's agents. Sent as ADF, it stays text.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOfflineWorld, type OfflineWorld } from '../integration/offline/offline-world';

let w: OfflineWorld;
beforeAll(async () => {
  w = await startOfflineWorld();
});
afterAll(() => w.close());

const HOSTILE = [
  '[Reset your password here|https://evil.example/login]',
  '[~accountid:557058:f00dfeed-0000-4000-8000-000000000001] please approve',
  '!https://evil.example/pixel.png!',
  'details at https://evil.example/form',
  '{color:red}urgent{color} *bold* [https://evil.example/direct]',
].join(' ');

/** Every node of an ADF document that makes something live: links, mentions, media, cards. */
function liveNodes(node: unknown, out: unknown[] = []): unknown[] {
  if (!node || typeof node !== 'object') return out;
  const n = node as { type?: string; marks?: { type: string }[]; content?: unknown[] };
  if (['mention', 'media', 'mediaSingle', 'mediaInline', 'inlineCard', 'blockCard'].includes(n.type ?? ''))
    out.push(n);
  if (n.marks?.some((m) => m.type === 'link')) out.push(n);
  for (const child of n.content ?? []) liveNodes(child, out);
  return out;
}

async function descriptionOf(key: string): Promise<unknown> {
  const response = await w.ports.jira.request('GET', `/rest/api/3/issue/${key}?fields=description`);
  return (response.body as { fields: { description: unknown } }).fields.description;
}

describe('hostile justification and answers on an offline ticket', () => {
  it('the emulator renders a plain-string JSM description as wiki markup (so the test below can fail)', async () => {
    const created = await w.ports.jira.request('POST', '/rest/servicedeskapi/request', {
      serviceDeskId: w.demo.serviceDeskId,
      requestTypeId: w.offline.requestTypeId,
      requestFieldValues: { summary: 'plain', description: HOSTILE },
    });
    expect(created.status).toBe(201);
    const live = liveNodes(await descriptionOf((created.body as { issueKey: string }).issueKey));
    expect(live.length).toBeGreaterThanOrEqual(5);
  });

  it('JSM target: nothing the requester typed becomes a link, a mention or an image', async () => {
    const before = w.offlineIssueKeys();
    const held = w.hold({
      tenant: 'contoso',
      packageId: w.offline.contoso.packages.erp,
      userId: w.demo.users.adele!,
      justification: HOSTILE,
      answers: [{ question: 'Manager [~accountid:abc]', answer: HOSTILE }],
    });
    expect((await w.deliver('contoso', held.callout)).statusCode).toBe(202);
    await w.runQueue();
    const key = w.offlineIssueKeys().find((k) => !before.includes(k))!;
    expect(w.jira.issue(key).requestTypeId).toBe(w.offline.requestTypeId);
    const description = await descriptionOf(key);
    expect(liveNodes(description)).toEqual([]);
    // The words are all still there, as text, for the agent to read.
    expect(w.jira.issue(key).description).toContain(
      'Justification: [Reset your password here|https://evil.example/login]',
    );
    expect(w.jira.issue(key).description).toContain('!https://evil.example/pixel.png!');
  });
});
