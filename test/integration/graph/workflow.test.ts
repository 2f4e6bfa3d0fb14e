// The calls in the order the access-request workflow makes them, against the emulators: look up,
// check, request, follow, remove. Also a POST whose answer is lost (never re-sent: the open
// request is found by the re-check), paging, the time budget and call counting.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createAssignmentRequest,
  findUser,
  getAccessPackageWithPolicies,
  getAssignmentRequest,
  GraphNetworkError,
  listAssignments,
  listCatalogs,
  listOpenRequests,
  RetryLaterError,
} from '../../../src/graph';
import { startHarness, type Harness } from './support/harness';

const TENANT = '7d8e9fa0-4444-4d5e-9f60-718293a4b5c6';
const APP = '99999999-1111-4111-8111-999999999999';
const SECRET = 'secret';
const POST_REQUESTS = 'POST /identityGovernance/entitlementManagement/assignmentRequests';

let h: Harness;
let packageId: string;

beforeAll(async () => {
  h = await startHarness();
  h.login.addTenant(TENANT);
  h.login.registerApp(TENANT, {
    clientId: APP,
    secret: SECRET,
    roles: ['EntitlementManagement.ReadWrite.All', 'User.Read.All'],
  });
  const t = h.emulator.tenant(TENANT);
  const catalog = t.addCatalog({ displayName: 'Apps' });
  packageId = t.addAccessPackage({
    catalogId: catalog.id,
    displayName: 'Payroll',
    policies: [
      { displayName: 'Admin only' },
      {
        displayName: 'Self service',
        allowedTargetScope: 'allMemberUsers',
        expiration: { type: 'afterDuration', duration: 'P30D' },
      },
    ],
  }).id;
  t.addUser({ userPrincipalName: 'megan@contoso.com', mail: 'megan.b@contoso.com' });
  t.addUser({ userPrincipalName: 'lee@contoso.com' });
});

afterAll(async () => {
  await h.close();
});

beforeEach(() => {
  h.emulator.faults.clear();
});

const client = () => h.client(TENANT, APP, { kind: 'secret', clientSecret: SECRET });

describe('the access-request sequence', () => {
  it('adds access, follows it to delivery, then removes it', async () => {
    const { graph } = client();
    const megan = (await findUser(graph, 'megan.b@contoso.com'))!;
    const lee = (await findUser(graph, 'lee@contoso.com'))!;
    const pkg = await getAccessPackageWithPolicies(graph, packageId);
    expect(pkg.assignmentPolicies.map((p) => [p.displayName, p.allowedTargetScope])).toEqual([
      ['Admin only', 'notSpecified'],
      ['Self service', 'allMemberUsers'],
    ]);
    const policy = pkg.assignmentPolicies[0]!;
    expect(await listAssignments(graph, { accessPackageId: pkg.id, userId: megan.id })).toEqual([]);
    expect(await listOpenRequests(graph, { accessPackageId: pkg.id, userId: megan.id })).toEqual([]);

    const created = await createAssignmentRequest(graph, {
      requestType: 'adminAdd',
      targetId: megan.id,
      accessPackageId: pkg.id,
      assignmentPolicyId: policy.id,
      justification: 'JSM-42',
      schedule: { expiration: { type: 'afterDuration', duration: 'P7D' } },
    });
    expect(created).toMatchObject({ requestType: 'adminAdd', state: 'submitted' });

    // The open request is visible for Megan (through assignment/target), not for Lee.
    const open = await listOpenRequests(graph, { accessPackageId: pkg.id, userId: megan.id });
    expect(open.map((r) => r.id)).toEqual([created.id]);
    expect(open[0]!.assignment?.target?.objectId).toBe(megan.id);
    expect(await listOpenRequests(graph, { accessPackageId: pkg.id, userId: lee.id })).toEqual([]);

    const followed = await getAssignmentRequest(graph, created.id);
    expect(followed).toMatchObject({
      state: 'delivered',
      status: 'Delivered',
      assignment: { state: 'delivered' },
    });
    const [assignment] = await listAssignments(graph, { accessPackageId: pkg.id, userId: megan.id });
    expect(assignment).toMatchObject({
      state: 'delivered',
      target: { objectId: megan.id },
      schedule: { expiration: { type: 'afterDuration', duration: 'P7D' } },
    });

    const removal = await createAssignmentRequest(graph, {
      requestType: 'adminRemove',
      assignmentId: assignment!.id,
    });
    expect(removal.requestType).toBe('adminRemove');
    expect((await getAssignmentRequest(graph, removal.id)).state).toBe('delivered');
    expect(await listAssignments(graph, { accessPackageId: pkg.id, userId: megan.id })).toMatchObject([
      { state: 'expired' },
    ]);
    expect(graph.stats.calls).toBe(h.emulator.counters.byTenant[TENANT]);
  });

  it('never re-sends a POST whose answer was lost; the re-check finds the request', async () => {
    const { graph } = client();
    const lee = (await findUser(graph, 'lee@contoso.com'))!;
    const policyId = (await getAccessPackageWithPolicies(graph, packageId)).assignmentPolicies[0]!.id;
    h.emulator.faults.set(TENANT, { dropRate: 1, afterHandler: true, routes: [POST_REQUESTS] });
    h.emulator.resetCounters();
    const error = await createAssignmentRequest(graph, {
      requestType: 'adminAdd',
      targetId: lee.id,
      accessPackageId: packageId,
      assignmentPolicyId: policyId,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphNetworkError);
    expect(h.emulator.counters.byRoute[POST_REQUESTS]).toBe(1);
    h.emulator.faults.clear();
    const open = await listOpenRequests(graph, { accessPackageId: packageId, userId: lee.id });
    expect(open).toHaveLength(1);
  });

  it('retries a GET whose connection dropped', async () => {
    const { graph } = client();
    await listCatalogs(graph); // token first
    h.emulator.faults.set(TENANT, { dropRate: 0.5, seed: 7 });
    h.emulator.resetCounters();
    expect(await listCatalogs(graph)).toHaveLength(1);
    expect(h.emulator.counters.byStatus.dropped).toBeGreaterThan(0);
  });

  it('follows every page', async () => {
    const t = h.emulator.tenant(TENANT);
    for (let i = 0; i < 4; i++) t.addCatalog({ displayName: `Extra ${i}` });
    t.setPageSize(2);
    try {
      const { graph } = client();
      h.emulator.resetCounters();
      expect(await listCatalogs(graph)).toHaveLength(5);
      expect(h.emulator.counters.byRoute['GET /identityGovernance/entitlementManagement/catalogs']).toBe(3);
    } finally {
      t.setPageSize(100);
    }
  });

  it('turns a Retry-After beyond the deadline into RetryLaterError without sleeping', async () => {
    const { graph } = h.client(
      TENANT,
      APP,
      { kind: 'secret', clientSecret: SECRET },
      { deadline: h.clock.now() + 60_000 },
    );
    await listCatalogs(graph); // token first, outside the throttled window
    h.emulator.faults.set(TENANT, { rateLimitPerSecond: 1, burst: 1, retryAfterSeconds: 120 });
    await listCatalogs(graph);
    const sleeps = h.clock.sleeps.length;
    const error = await listCatalogs(graph).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetryLaterError);
    expect((error as RetryLaterError).delayMs).toBe(120_000);
    expect(h.clock.sleeps.length).toBe(sleeps);
  });
});
