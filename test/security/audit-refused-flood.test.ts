// Finding 11.7: anyone on the internet can POST to the web trigger. If each refused call wrote an
// audit entry, about 1,000 forged POSTs (the trail keeps the newest `auditLimit`) would push every
// real entry out. Refused calls are counted instead: one rolled-up entry per tenant per hour, one
// KVS write per refused call, and the admin and callout entries stay.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAudit, listAudit, pruneAudit } from '../../src/core/audit';
import { loadConfig } from '../../src/core/config-store';
import type { Store } from '../../src/core/ports';
import { CONTOSO } from '../../sandbox/demo-data';
import { startOfflineWorld, type OfflineWorld } from '../integration/offline/offline-world';

let w: OfflineWorld;
let writes = 0;
beforeAll(async () => {
  w = await startOfflineWorld();
  const inner = w.webTriggerPorts.store;
  const counting: Store = {
    ...inner,
    get: (key) => inner.get(key),
    query: (prefix, options) => inner.query(prefix, options),
    set: (key, value, options) => (writes++, inner.set(key, value, options)),
    setIfAbsent: (key, value, options) => (writes++, inner.setIfAbsent(key, value, options)),
    delete: (key) => (writes++, inner.delete(key)),
  };
  w.webTriggerPorts.store = counting;
});
afterAll(() => w.close());

const anonymous = (tenant: string | undefined, i: number) => ({
  method: 'POST',
  headers: { 'content-type': ['application/json'], ...(i % 2 ? { authorization: ['Bearer a.b.c'] } : {}) },
  queryParameters: tenant ? { tenant: [tenant] } : {},
  body: '{"Stage":"assignmentRequestApproved"}',
});

describe('a flood of refused anonymous calls', () => {
  it('keeps the admin and callout entries, counts the refusals, and writes once per refused call', async () => {
    // Real history first: an admin change and an accepted callout.
    await appendAudit(w.ports, { kind: 'admin', ref: 'tenant', action: 'admin.save-tenant', outcome: 'ok' });
    const held = w.hold({
      tenant: 'contoso',
      packageId: w.offline.contoso.packages.erp,
      userId: w.demo.users.adele!,
    });
    expect((await w.deliver('contoso', held.callout)).statusCode).toBe(202);
    w.clock.advance(1_000);

    const limit = (await loadConfig(w.store)).settings.auditLimit;
    const calls = limit + 200;
    writes = 0;
    for (let i = 0; i < calls; i++) {
      const tenant = i % 3 === 0 ? CONTOSO : i % 3 === 1 ? undefined : '12345678-1234-4234-8234-123456789012';
      const response = await w.receive(anonymous(tenant, i));
      expect(response.statusCode).toBe(401);
      if (i % 100 === 0) w.clock.advance(1_000);
    }
    expect(writes).toBe(calls); // one KVS write per refused call: the rolled-up counter

    await pruneAudit(w.store, limit); // the hourly schedule
    const all = await listAudit(w.store, { limit: 5000 });
    expect(all.find((e) => e.action === 'admin.save-tenant')).toBeDefined();
    expect(all.find((e) => e.ref === held.stageInstanceId && e.outcome === 'ok')).toBeDefined();

    // The refusals are there, counted: one rolled-up entry per tenant (the configured one, and
    // "unknown" for every tenant id that is not configured, invented ones included).
    const refused = all.filter((e) => e.outcome === 'refused');
    expect(refused.length).toBeLessThanOrEqual(4);
    expect(refused.reduce((n, e) => n + (e.count ?? 1), 0)).toBe(calls);
    expect(refused.find((e) => e.tenantId === CONTOSO)?.count).toBe(Math.ceil(calls / 3));
  });

  it('a new hour starts a new rolled-up entry', async () => {
    w.clock.advance(3600_000);
    const before = (await listAudit(w.store, { limit: 5000, filter: { outcome: 'refused' } })).length;
    for (let i = 0; i < 10; i++) await w.receive(anonymous(CONTOSO, 0));
    const after = await listAudit(w.store, { limit: 5000, filter: { outcome: 'refused' } });
    expect(after.length).toBe(before + 1);
    expect(after[0]).toMatchObject({ tenantId: CONTOSO, action: 'callout.unauthorized', count: 10 });
    expect(after[0]!.detail).toContain('no Authorization header');
  });
});
