// Every key the app writes is one KVS accepts: a grant, a removal, a callout (its offline ticket and
// the resume) and the hourly sweep against the memory store, which refuses what KVS refuses
// (https://developer.atlassian.com/platform/forge/limits-kvs-ce/: key pattern, 500 characters,
// 240 KiB values, depth 31; queries of at most 20: storage-api-query). A refusal would fail the flow;
// the test also checks every stored key against the rules directly, and that no query asked for more
// than 20.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KVS_KEY_PATTERN, MAX_KEY_BYTES, MIN_KEY_LENGTH } from '../../../sandbox/adapters/memory-store';
import { runFollowUps } from '../../../src/core/access-request/sweep-follow-ups';
import { startOfflineWorld, type OfflineWorld } from '../offline/offline-world';

let w: OfflineWorld;
const queryLimits: (number | undefined)[] = [];
beforeAll(async () => {
  w = await startOfflineWorld();
  const query = w.store.query.bind(w.store);
  w.store.query = (prefix, options) => {
    queryLimits.push(options?.limit);
    return query(prefix, options);
  };
});
afterAll(() => w.close());

describe('the strict store', () => {
  it('accepts every key of a grant, a removal, a callout with its resume, and the sweep', async () => {
    const grant = await w.raise({ customer: w.demo.customers.adele, packageName: 'Sales & Marketing' });
    const removal = await w.raise({
      customer: w.demo.customers.holder,
      requestType: 'remove',
      packageName: 'Sales & Marketing',
    });
    await w.runQueue();
    expect((await w.outcome(grant.key)).phase).toBe('delivered');
    expect((await w.outcome(removal.key)).phase).toBe('removed');

    const before = w.offlineIssueKeys();
    const held = w.hold({
      tenant: 'contoso',
      packageId: w.offline.contoso.packages.erp,
      userId: w.demo.users.adele!,
    });
    expect((await w.deliver('contoso', held.callout)).statusCode).toBe(202);
    await w.runQueue();
    const ticket = w.offlineIssueKeys().find((k) => !before.includes(k))!;
    expect(ticket).toBeDefined();
    w.jira.transition(ticket, 'Resolve this issue');
    await w.settle();
    await w.runQueue();
    expect(
      w
        .graph('contoso')
        .resumes()
        .filter((r) => r.requestId === held.requestId),
    ).toHaveLength(1);
    await w.queue.invocation(() => runFollowUps(w.ports));

    const { values, secrets } = w.store.dump();
    const keys = [...Object.keys(values), ...Object.keys(secrets)];
    expect(keys.length).toBeGreaterThan(20);
    for (const key of keys) {
      expect(key).toMatch(KVS_KEY_PATTERN);
      expect(key.length).toBeGreaterThanOrEqual(MIN_KEY_LENGTH);
      expect(Buffer.byteLength(key)).toBeLessThanOrEqual(MAX_KEY_BYTES);
    }
    // Keys made of GUIDs, issue ids and stage instance ids, among others.
    const instanceId = held.stageInstanceId;
    expect(keys.some((k) => k.includes(instanceId))).toBe(true);
    expect(keys.some((k) => k.includes(grant.id))).toBe(true);
    expect(queryLimits.length).toBeGreaterThan(0);
    expect(queryLimits.every((limit) => limit === undefined || limit <= 20)).toBe(true);
    expect(w.jira.events.errors).toEqual([]);
  });
});
