// Cross-tenant isolation (issue 7), as properties over generated cases:
// - a reporter of one organization never causes a Graph or token call to another tenant, whatever
//   package the request names (a name several tenants use, another tenant's package id in the
//   field or in the portal picker's property) and whoever the request is shared with;
// - a callout signed by one tenant's relay never files a ticket routed as another tenant's, and
//   one whose URL names another tenant than its token is refused.
// Checked on what really left the app: every outbound call is recorded with the tenant of its
// token (Graph) or of its URL (Entra login), and on the Graph emulators' own request logs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createFakeClock } from '../../sandbox/adapters/fake-clock';
import { createWorld, type World } from '../../sandbox/world';
import { seedDemo, CONTOSO, FABRIKAM, type Demo } from '../../sandbox/demo-data';
import { seedOffline, type DemoOffline } from '../../sandbox/demo-offline';
import { buildForward, entraCallout } from '../../sandbox/emulators/relay';
import { newGuid } from '../../sandbox/emulators/shared/ids';
import { loadConfig } from '../../src/core/config-store';
import { pickerValue } from '../../src/core/portal/picker-value';
import { loadOfflineTicket } from '../../src/core/offline/offline-ticket';
import { createJwksCache } from '../../src/entra/jwks-cache';
import { receiveCallout } from '../../src/entra/receive-callout';
import { setIssueProperty } from '../../src/jira';
import { seedFleet, type Fleet } from '../../bench/fleet';
import { createRecorder, type Recorder } from '../../bench/recorder';

let world: World;
let demo: Demo;
let offline: DemoOffline;
let fleet: Fleet;
let recorder: Recorder;

// Time passes between cases, as between real tickets and callouts: on a frozen clock the queue's
// 500 events a minute would refuse the cases' pushes.
const clock = createFakeClock();

beforeAll(async () => {
  world = await createWorld({ clock });
  demo = await seedDemo(world);
  offline = await seedOffline(world, demo);
  fleet = await seedFleet(world, { tenants: 4, usersPerTenant: 5 });
  recorder = createRecorder();
  world.ports.http = recorder.wrapHttp(world.ports.http, { loginOrigins: [], loginLatencyMs: 0 });
});
afterAll(() => world.close());

/** The tenant an outbound call was for: the token's `tid` (Graph), else the first path segment (login, JWKS). */
const tenantOfCall = (call: { tenant?: string; path: string }) =>
  call.tenant ?? call.path.split('/')[1]?.toLowerCase();

describe('a reporter of one organization', () => {
  it('never causes a call to another tenant, whatever the request names or is shared with', async () => {
    const cases = fc.record({
      own: fc.nat({ max: 3 }),
      other: fc.nat({ max: 2 }),
      user: fc.nat({ max: 4 }),
      pkg: fc.nat({ max: 4 }),
      names: fc.constantFrom(
        'own name',
        'foreign id in the field',
        'foreign id in the picker',
        'own id in the picker',
        'demo package name',
      ),
      share: fc.constantFrom('default', 'own', 'foreign', 'own and foreign'),
    });
    let submitted = 0;
    await fc.assert(
      fc.asyncProperty(cases, async (c) => {
        clock.advance(1_000);
        const mine = fleet.tenants[c.own]!;
        const theirs = fleet.tenants[(c.own + 1 + c.other) % fleet.tenants.length]!;
        const user = mine.users[c.user]!;
        const fieldValue =
          c.names === 'foreign id in the field'
            ? theirs.packages[c.pkg]!.id
            : c.names === 'demo package name'
              ? 'Sales & Marketing'
              : mine.packages[c.pkg]!.name;
        const organizationIds =
          c.share === 'own'
            ? [mine.organizationId]
            : c.share === 'foreign'
              ? [theirs.organizationId]
              : c.share === 'own and foreign'
                ? [mine.organizationId, theirs.organizationId]
                : undefined;
        const requestsBefore = fleet.tenants.map(
          (t) => world.graphGlobal.tenant(t.tenantId).assignmentRequests().length,
        );
        const contosoBefore = world.graphGlobal.tenant(CONTOSO).assignmentRequests().length;
        const issue = world.jira.createRequestAsCustomer({
          accountId: user.accountId,
          serviceDeskId: fleet.serviceDeskId,
          requestTypeId: fleet.requestTypeId,
          summary: 'Access',
          fields: { [fleet.packageFieldId]: fieldValue },
          organizationIds,
        });
        await world.settle();
        if (c.names.endsWith('in the picker')) {
          const picked = c.names.startsWith('foreign')
            ? theirs.packages[c.pkg]!.id
            : mine.packages[c.pkg]!.id;
          // As the portal picker saves it: a property keyed by the app id's UUID (picker-value.ts).
          await setIssueProperty(world.ports.jira, issue.key, newGuid(), pickerValue(picked, 'picked'));
        }
        recorder.reset();
        world.graphGlobal.clearRequests();
        world.graphCustom.clearRequests();
        await world.runQueue();

        const outbound = recorder.calls.filter((call) => call.kind !== 'jira');
        expect(outbound.length).toBeGreaterThan(0);
        for (const call of outbound)
          expect(tenantOfCall(call), `${call.method} ${call.path}`).toBe(mine.tenantId);
        for (const logged of world.graphGlobal.requests) expect(logged.tenant).toBe(mine.tenantId);
        expect(world.graphCustom.requests).toEqual([]);
        // Whatever was requested in Entra was requested in the reporter's tenant only.
        fleet.tenants.forEach((t, i) => {
          const now = world.graphGlobal.tenant(t.tenantId).assignmentRequests().length;
          if (t !== mine) expect(now).toBe(requestsBefore[i]);
          else submitted += now - requestsBefore[i]!;
        });
        expect(world.graphGlobal.tenant(CONTOSO).assignmentRequests()).toHaveLength(contosoBefore);
      }),
      { numRuns: 150 },
    );
    expect(submitted).toBeGreaterThan(10); // the cases did reach Entra, not only refusals
  });
});

describe('a callout signed by one tenant', () => {
  it("is filed as that tenant's or refused; never routed as another tenant's", async () => {
    const relays = { contoso: offline.contoso, fabrikam: offline.fabrikam };
    const packages = [
      { id: offline.contoso.packages.erp, displayName: 'Legacy ERP', catalog: offline.contoso.catalog },
      { id: offline.fabrikam.packages.rnd, displayName: 'R+D Lab', catalog: offline.fabrikam.catalog },
      {
        id: fleet.tenants[0]!.packages[0]!.id,
        displayName: 'Engineering',
        catalog: { id: fleet.tenants[0]!.catalogId, displayName: 'General' },
      },
    ];
    const signerOf = new Map<string, string>();
    const cases = fc.record({
      signer: fc.constantFrom('contoso', 'fabrikam') as fc.Arbitrary<'contoso' | 'fabrikam'>,
      url: fc.constantFrom('own', 'other relay tenant', 'fleet tenant', 'unknown tenant'),
      pkg: fc.nat({ max: packages.length - 1 }),
    });
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(cases, async (c) => {
        clock.advance(1_000);
        const relay = relays[c.signer];
        const otherRelay = relays[c.signer === 'contoso' ? 'fabrikam' : 'contoso'];
        const pkg = packages[c.pkg]!;
        const stageInstanceId = newGuid();
        const body = entraCallout({
          stage: 'assignmentRequestApproved',
          requestId: newGuid(),
          stageInstanceId,
          accessPackage: { id: pkg.id, displayName: pkg.displayName },
          catalog: pkg.catalog,
          policy: { id: newGuid(), displayName: 'Approved requests' },
          assignmentId: newGuid(),
          target: { objectId: newGuid(), displayName: 'Someone' },
        });
        const forward = await buildForward(
          { login: world.login, deployment: relay.deployment, identity: relay.relay },
          body,
        );
        const urlTenant =
          c.url === 'own'
            ? relay.tenantId
            : c.url === 'other relay tenant'
              ? otherRelay.tenantId
              : c.url === 'fleet tenant'
                ? fleet.tenants[1]!.tenantId
                : newGuid();
        forward.queryParameters.tenant = [urlTenant];
        const pushedBefore = world.queue.pushed.length;
        const config = await loadConfig(world.store);
        const response = await receiveCallout(world.ports, config, forward, {
          jwks: createJwksCache(world.ports),
        });
        const jobs = world.queue.pushed
          .slice(pushedBefore)
          .map((p) => p.job as { tenantId?: string; routeId?: string });
        if (urlTenant !== relay.tenantId) {
          expect(response.statusCode).toBe(401);
          expect(jobs).toEqual([]);
          return;
        }
        expect([202, 400]).toContain(response.statusCode);
        for (const job of jobs) {
          accepted++;
          expect(job.tenantId).toBe(relay.tenantId);
          expect(config.offlineApps.find((r) => r.id === job.routeId)?.tenantId).toBe(relay.tenantId);
          signerOf.set(stageInstanceId, relay.tenantId);
        }
      }),
      { numRuns: 200 },
    );
    expect(accepted).toBeGreaterThan(10);

    // The tickets filed from those jobs carry the signer's tenant and one of its routes.
    await world.runQueue();
    const config = await loadConfig(world.store);
    let filed = 0;
    for (const issue of world.jira.issues()) {
      const link = world.jira.properties(issue.key).accessBridgeCallout as
        { tenantId?: string; stageInstanceId?: string } | undefined;
      const signer = link?.stageInstanceId ? signerOf.get(link.stageInstanceId) : undefined;
      if (!signer) continue;
      filed++;
      expect(link!.tenantId).toBe(signer);
      const record = await loadOfflineTicket(world.store, issue.id);
      expect(record?.tenantId).toBe(signer);
      expect(config.offlineApps.find((r) => r.id === record?.routeId)?.tenantId).toBe(signer);
    }
    expect(filed).toBe(signerOf.size);
    expect([CONTOSO, FABRIKAM]).toContain(signerOf.values().next().value);
  });
});
