import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { EM, startHarness, type Harness } from './helpers';

const LIST = 'GET /identityGovernance/entitlementManagement/accessPackages';
const CREATE = 'POST /identityGovernance/entitlementManagement/assignmentRequests';

describe('Graph emulator: faults and counters', () => {
  let h: Harness;
  let token: string;
  beforeAll(async () => {
    h = await startHarness();
    token = await h.token();
    const t = h.graph.tenant(h.tenantA);
    t.addAccessPackage({ catalogId: t.addCatalog().id, displayName: 'ERP' });
  });
  afterAll(() => h.close());
  afterEach(() => {
    h.graph.faults.clear();
    h.graph.resetCounters();
  });

  const list = () => h.get(`${EM}/accessPackages`, token);

  it('rate limit: 429 TooManyRequests with Retry-After from the token bucket, per tenant, refilled by the clock', async () => {
    h.graph.faults.set('*', { rateLimitPerSecond: 0.5, burst: 2 });
    expect((await list()).status).toBe(200);
    expect((await list()).status).toBe(200);
    const throttled = await list();
    expect(throttled.status).toBe(429);
    expect(throttled.body.error.code).toBe('TooManyRequests');
    // One token back at 0.5/s takes 2 s.
    expect(throttled.headers.get('retry-after')).toBe('2');
    // Another tenant has its own bucket.
    expect((await h.get(`${EM}/accessPackages`, await h.token(h.tenantB))).status).toBe(200);
    h.clock.advance(2_000);
    expect((await list()).status).toBe(200);
    expect((await list()).status).toBe(429);
    expect(h.graph.counters.byStatus).toMatchObject({ 200: 4, 429: 2 });
  });

  it('retryAfterSeconds overrides the computed Retry-After; routes limits a fault to some operations', async () => {
    h.graph.faults.set(h.tenantA, { rateLimitPerSecond: 1, burst: 1, retryAfterSeconds: 17, routes: [LIST] });
    await list();
    const res = await list();
    expect(res.headers.get('retry-after')).toBe('17');
    expect((await h.get(`${EM}/catalogs`, token)).status).toBe(200);
  });

  it('errorRate answers 503 with Retry-After 1, 500 or 504, the same way for the same seed', async () => {
    const run = async () => {
      h.graph.faults.set(h.tenantA, { errorRate: 1, seed: 42 });
      const statuses: number[] = [];
      for (let i = 0; i < 12; i += 1) {
        const res = await list();
        statuses.push(res.status);
        if (res.status === 503) expect(res.headers.get('retry-after')).toBe('1');
        expect(res.body.error.code).toEqual(expect.any(String));
      }
      return statuses;
    };
    const first = await run();
    expect(new Set(first)).toEqual(new Set([500, 503, 504]));
    expect(await run()).toEqual(first);
  });

  it('dropRate destroys the socket without an answer; counters still count the call', async () => {
    h.graph.faults.set('*', { dropRate: 1 });
    await expect(list()).rejects.toThrow();
    expect(h.graph.counters.total).toBe(1);
    expect(h.graph.counters.byStatus).toEqual({ dropped: 1 });
    expect(h.graph.counters.byRoute[LIST]).toBe(1);
  });

  it('malformedRate answers 200 with truncated JSON', async () => {
    h.graph.faults.set('*', { malformedRate: 1 });
    const res = await fetch(`${h.graph.url}${EM}/accessPackages`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(() => JSON.parse(text)).toThrow();
  });

  it('afterHandler: the POST takes effect but its answer is lost (a timed-out create must not be retried blindly)', async () => {
    const t = h.graph.tenant(h.tenantA);
    const pkg = t.addAccessPackage({ catalogId: t.addCatalog().id, displayName: 'Lost answer' });
    const user = t.addUser();
    h.graph.faults.set(h.tenantA, { dropRate: 1, afterHandler: true, routes: [CREATE] });
    const body = {
      requestType: 'adminAdd',
      assignment: { targetId: user.id, assignmentPolicyId: pkg.policyIds[0], accessPackageId: pkg.id },
    };
    await expect(h.post(`${EM}/assignmentRequests`, body, token)).rejects.toThrow();
    expect(t.assignmentRequests().filter((r) => r.accessPackageId === pkg.id)).toHaveLength(1);
    h.graph.faults.clear();
    const retry = await h.post(`${EM}/assignmentRequests`, body, token);
    expect(retry.status).toBe(400);
    expect(retry.body.error.message).toContain('existing open request');
  });

  it('latencyMs delays each call', async () => {
    h.graph.faults.set('*', { latencyMs: 120 });
    const started = Date.now();
    await list();
    expect(Date.now() - started).toBeGreaterThanOrEqual(110);
  });

  it('the request log keeps method, path, decoded query, body and tenant', async () => {
    h.graph.clearRequests();
    await h.get(`${EM}/accessPackages?$filter=${encodeURIComponent("displayName eq 'ERP'")}`, token);
    expect(h.graph.requests).toEqual([
      expect.objectContaining({
        method: 'GET',
        path: `${EM}/accessPackages`,
        query: { $filter: "displayName eq 'ERP'" },
        tenant: h.tenantA,
        status: 200,
        route: LIST,
      }),
    ]);
  });
});
