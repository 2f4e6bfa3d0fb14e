// Finding 11.9: store keys built from GUIDs the callout body carries. A customer's tenant admin
// controls their own relay, so Contoso's relay can send correctly signed callouts that carry
// Fabrikam's stage instance and assignment ids. Nothing of Fabrikam's may be read or touched:
// every such key includes the tenant, and every look-up checks the record's tenant.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entraCallout } from '../../sandbox/emulators/relay';
import { newGuid } from '../../sandbox/emulators/shared/ids';
import type { Store } from '../../src/core/ports';
import { startOfflineWorld, type OfflineWorld } from '../integration/offline/offline-world';

let w: OfflineWorld;
/** Store keys read or written since the last reset. */
let touched: string[] = [];
beforeAll(async () => {
  w = await startOfflineWorld();
  // Record every key the app reads or writes (the web trigger and the consumer share this store).
  const inner = w.ports.store;
  const recording: Store = {
    get: (key) => (touched.push(key), inner.get(key)),
    set: (key, value, options) => (touched.push(key), inner.set(key, value, options)),
    setIfAbsent: (key, value, options) => (touched.push(key), inner.setIfAbsent(key, value, options)),
    delete: (key) => (touched.push(key), inner.delete(key)),
    query: (prefix, options) => (touched.push(prefix), inner.query(prefix, options)),
    getSecret: (key) => inner.getSecret(key),
    setSecret: (key, value) => inner.setSecret(key, value),
    deleteSecret: (key) => inner.deleteSecret(key),
  };
  w.ports.store = recording;
  w.webTriggerPorts.store = recording;
});
afterAll(() => w.close());

const FABRIKAM = () => w.offline.fabrikam.tenantId;
const CONTOSO = () => w.offline.contoso.tenantId;

/**
 * Keys touched that name one of `ids` without naming `tenantId` or one of that tenant's own
 * issues (a key scoped by Contoso's issue cannot reach Fabrikam's records either).
 */
const unscoped = (ids: string[], tenantId: string, ownIssues: string[] = []) =>
  touched.filter(
    (key) =>
      ids.some((id) => key.includes(id)) && ![tenantId, ...ownIssues].some((scope) => key.includes(scope)),
  );
const issueScopes = (key: string) => [`:${key}:`, `:${w.jira.issue(key).id}:`];

async function resolve(key: string) {
  w.jira.transition(key, 'Resolve this issue');
  await w.settle();
  await w.runQueue();
}

/** Fabrikam's own loop, start to end: a held request, its ticket. */
async function fabrikamTicket() {
  const before = w.offlineIssueKeys();
  const held = w.hold({
    tenant: 'fabrikam',
    packageId: w.offline.fabrikam.packages.rnd,
    userId: w.demo.users.ines!,
  });
  expect((await w.deliver('fabrikam', held.callout)).statusCode).toBe(202);
  await w.runQueue();
  const key = w.offlineIssueKeys().find((k) => !before.includes(k))!;
  return { ...held, key };
}

/** A callout Contoso's relay signs correctly, for a held Contoso request, with `override` fields. */
async function contosoCallout(override: Record<string, unknown>) {
  const before = w.offlineIssueKeys();
  const held = w.hold({
    tenant: 'contoso',
    packageId: w.offline.contoso.packages.erp,
    userId: w.demo.users.adele!,
  });
  touched = [];
  expect((await w.deliver('contoso', { ...held.callout, ...override })).statusCode).toBe(202);
  await w.runQueue();
  const key = w.offlineIssueKeys().find((k) => !before.includes(k));
  return { ...held, key };
}

describe("Contoso's relay sends Fabrikam's ids", () => {
  it("a stage instance id: Fabrikam's resume record is neither read nor claimed, and Fabrikam still resumes", async () => {
    const b = await fabrikamTicket();
    const a = await contosoCallout({ CustomExtensionStageInstanceId: b.stageInstanceId });
    expect(a.key).toBeDefined();
    await resolve(a.key!);
    // Fabrikam's ticket is resolved after Contoso's: its resume goes to Fabrikam's Entra, once.
    touched = [];
    await resolve(b.key);
    const resumes = w
      .graph('fabrikam')
      .resumes()
      .filter((r) => r.requestId === b.requestId);
    expect(resumes).toEqual([expect.objectContaining({ accepted: true })]);

    // And the other order: Fabrikam's resume done first must not be taken as Contoso's.
    const b2 = await fabrikamTicket();
    await resolve(b2.key);
    const a2 = await contosoCallout({ CustomExtensionStageInstanceId: b2.stageInstanceId });
    await resolve(a2.key!);
    expect(unscoped([b2.stageInstanceId], CONTOSO(), issueScopes(a2.key!))).toEqual([]);
    const said = w.jira
      .comments(a2.key!)
      .filter((c) => c.internal)
      .map((c) => c.text)
      .join('\n');
    expect(said).not.toContain('told Entra to resume');
  });

  it("an assignment id on a reminder: no comment lands on Fabrikam's ticket", async () => {
    const b = await fabrikamTicket();
    const comments = w.jira.comments(b.key).length;
    touched = [];
    const reminder = entraCallout({
      stage: 'assignmentOneDayBeforeExpiration',
      requestId: newGuid(),
      stageInstanceId: newGuid(),
      accessPackage: { id: w.offline.contoso.packages.erp, displayName: 'Legacy ERP' },
      catalog: w.offline.contoso.catalog,
      policy: { id: newGuid(), displayName: 'Approved requests' },
      assignmentId: b.assignmentId,
      target: { objectId: w.demo.users.adele!, displayName: 'Injected [text|https://evil.example]' },
      timeout: null,
    });
    expect((await w.deliver('contoso', reminder)).statusCode).toBe(202);
    await w.runQueue();
    expect(w.jira.comments(b.key)).toHaveLength(comments);
    expect(unscoped([b.assignmentId], CONTOSO())).toEqual([]);
  });

  it("an assignment id on an approval: Fabrikam's own reminder still comments on Fabrikam's ticket", async () => {
    const b = await fabrikamTicket();
    const a = await contosoCallout({
      Assignment: {
        Id: b.assignmentId,
        State: 'Delivered',
        Target: { ObjectId: w.demo.users.adele!, DisplayName: 'Adele' },
      },
    });
    expect(a.key).toBeDefined();
    expect(unscoped([b.assignmentId], CONTOSO())).toEqual([]);
    const reminder = entraCallout({
      stage: 'assignmentOneDayBeforeExpiration',
      requestId: b.requestId,
      stageInstanceId: newGuid(),
      accessPackage: { id: w.offline.fabrikam.packages.rnd, displayName: 'R&D' },
      catalog: w.offline.fabrikam.catalog,
      policy: { id: newGuid(), displayName: 'Approved requests' },
      assignmentId: b.assignmentId,
      target: { objectId: w.demo.users.ines!, displayName: 'Ines' },
      timeout: null,
    });
    const onA = w.jira.comments(a.key!).length;
    expect((await w.deliver('fabrikam', reminder)).statusCode).toBe(202);
    await w.runQueue();
    expect(w.jira.comments(a.key!)).toHaveLength(onA);
    expect(w.jira.comments(b.key).at(-1)!.text).toContain('Expires tomorrow');
    expect(FABRIKAM()).not.toBe(CONTOSO());
  });
});
