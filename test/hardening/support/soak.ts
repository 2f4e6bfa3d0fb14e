// The fault soak, shared by the soak and the secret-leak tests: the demo tenants (with their
// relays and offline-app routes) plus a fleet of tenants, sentinel client secrets, access-request
// tickets whose right final state is known beforehand, and offline-app callouts for Entra requests
// held at a custom-extension stage. Graph and Jira fail a share of calls (429, 500, 503, 504,
// dropped connections before and after the work was done, truncated or non-JSON bodies) and the
// queue delivers a share of jobs twice, on a fake clock so every wait is instant.
import { createFakeClock, type FakeClock } from '../../../sandbox/adapters/fake-clock';
import { seedDemo, CONTOSO, FABRIKAM, MSP_APP, ROLES, type Demo } from '../../../sandbox/demo-data';
import { seedOffline, type DemoOffline, type OfflineTenant } from '../../../sandbox/demo-offline';
import { buildForward, fireCallout } from '../../../sandbox/emulators/relay';
import type { FaultSpec } from '../../../sandbox/emulators/graph';
import { createWorld, type World } from '../../../sandbox/world';
import type { DrainStats } from '../../../sandbox/adapters/memory-queue';
import { loadConfig } from '../../../src/core/config-store';
import { createJwksCache } from '../../../src/entra/jwks-cache';
import { receiveCallout } from '../../../src/entra/receive-callout';
import { credentialSecretKey } from '../../../src/config/secret-keys';
import { onIssueCreated } from '../../../src/core/triggers/on-issue-created';
import { fleetTickets, raiseFleetTicket, seedFleet, type Fleet } from '../../../bench/fleet';

export const SENTINELS = {
  demo: 'SENTINEL-SECRET-demo-7f3a9c1e~Qx',
  fleet: 'SENTINEL-SECRET-fleet-4b8d2e6f~Zk',
};

export type Expected =
  'delivered' | 'already-done' | 'failed:entra_failed' | 'failed:entra_denied' | 'failed:user_not_found';

export interface SoakTicket {
  id: string;
  key: string;
  tenantId: string;
  packageId?: string;
  userId?: string;
  expected: Expected;
}

export interface SoakCallout {
  tenant: 'contoso' | 'fabrikam';
  tenantId: string;
  requestId: string;
  stageInstanceId: string;
  stage: 'assignmentRequestApproved' | 'assignmentRequestRemoved';
  /** Delivered twice by the web trigger (Entra retries a callout once). */
  twice: boolean;
}

export interface SoakWorld {
  world: World;
  clock: FakeClock;
  demo: Demo;
  offline: DemoOffline;
  fleet: Fleet;
  tickets: SoakTicket[];
  callouts: SoakCallout[];
  /** Answers of the web trigger, in order. */
  calloutStatuses: number[];
}

export interface SoakOptions {
  tickets: number;
  callouts: number;
  /** Share of Graph and Jira calls that fail (about; the figures come from the emulators' counters). */
  faults: boolean;
  redeliverRate: number;
}

/** Graph faults: 429 from a token bucket, 503/500/504, drops and truncated JSON; odd specs lose the answer AFTER the work. */
export function graphFaults(seed: number, afterHandler: boolean): FaultSpec {
  return {
    rateLimitPerSecond: 10,
    burst: 4,
    errorRate: 0.12,
    dropRate: 0.05,
    malformedRate: 0.04,
    afterHandler,
    seed,
  };
}

export async function startSoakWorld(): Promise<SoakWorld> {
  const clock = createFakeClock();
  const world = await createWorld({ clock });
  const demo = await seedDemo(world);
  const offline = await seedOffline(world, demo);
  // The demo's app gets a sentinel secret too, in Entra and in the store.
  for (const tenantId of [CONTOSO, FABRIKAM])
    world.login.registerApp(tenantId, { clientId: MSP_APP, secret: SENTINELS.demo, roles: ROLES });
  await world.store.setSecret(credentialSecretKey('msp-app'), {
    kind: 'secret',
    clientSecret: SENTINELS.demo,
  });
  const fleet = await seedFleet(world, { tenants: 5, usersPerTenant: 20, secret: SENTINELS.fleet });
  return { world, clock, demo, offline, fleet, tickets: [], callouts: [], calloutStatuses: [] };
}

/** Raises the tickets (with their expected outcomes) and the callouts, then runs everything to the end. */
export async function runSoak(soak: SoakWorld, options: SoakOptions): Promise<DrainStats[]> {
  const { world, fleet } = soak;
  const graph = (tenantId: string) => world.graphGlobal.tenant(tenantId);

  // Known outcomes: tenant 0's "Finance#1" fails delivery, tenant 2's "Sales & Marketing" is
  // denied, tenant 1's users 0-4 already hold "Engineering", and a few customers exist in Jira
  // only (no directory user).
  const [t0, t1, t2, t3] = fleet.tenants;
  graph(t0!.tenantId).setOutcome(t0!.packages.find((p) => p.name === 'Finance#1')!.id, {
    outcome: 'deliveryFailed',
  });
  graph(t2!.tenantId).setOutcome(t2!.packages.find((p) => p.name === 'Sales & Marketing')!.id, {
    outcome: 'denied',
  });
  const engineering1 = t1!.packages.find((p) => p.name === 'Engineering')!.id;
  for (const user of t1!.users.slice(0, 5))
    graph(t1!.tenantId).addAssignment({ accessPackageId: engineering1, userId: user.id });

  for (const ticket of fleetTickets(fleet, options.tickets)) {
    const pkg = ticket.tenant.packages.find((p) => p.name === ticket.packageName)!;
    let expected: Expected = 'delivered';
    if (ticket.tenant === t0 && pkg.name === 'Finance#1') expected = 'failed:entra_failed';
    if (ticket.tenant === t2 && pkg.name === 'Sales & Marketing') expected = 'failed:entra_denied';
    if (ticket.tenant === t1 && pkg.id === engineering1 && t1!.users.indexOf(ticket.user) < 5)
      expected = 'already-done';
    const issue = raiseFleetTicket(world, fleet, ticket);
    soak.tickets.push({
      ...issue,
      tenantId: ticket.tenant.tenantId,
      packageId: pkg.id,
      userId: ticket.user.id,
      expected,
    });
  }
  for (let g = 0; g < 10; g++) {
    const { accountId } = world.jira.addCustomer({
      email: `ghost${g}@t3.example`,
      displayName: `Ghost ${g}`,
      organizationIds: [t3!.organizationId],
    });
    const issue = world.jira.createRequestAsCustomer({
      accountId,
      serviceDeskId: fleet.serviceDeskId,
      requestTypeId: fleet.requestTypeId,
      summary: 'Access: Engineering',
      fields: { [fleet.packageFieldId]: 'Engineering' },
    });
    soak.tickets.push({ ...issue, tenantId: t3!.tenantId, expected: 'failed:user_not_found' });
  }
  await world.settle();
  // A tenth of the issue-created events reach the trigger twice.
  const events = world.jira.events.history.filter((e) => e.eventType === 'avi:jira:created:issue');
  for (const event of events.filter((_, i) => i % 10 === 3)) await onIssueCreated(world.ports, event);

  // Callouts: Entra requests held at a custom-extension stage, each callout as the relay sends it.
  for (let i = 0; i < options.callouts; i++) {
    const which = i % 2 === 0 ? 'contoso' : 'fabrikam';
    const t: OfflineTenant = soak.offline[which];
    const emulator = which === 'contoso' ? world.graphGlobal : world.graphCustom;
    const data = emulator.tenant(t.tenantId);
    const packageId =
      which === 'contoso'
        ? i % 4 === 0
          ? soak.offline.contoso.packages.erp
          : soak.offline.contoso.packages.mainframe
        : soak.offline.fabrikam.packages.rnd;
    const userId = which === 'contoso' ? soak.demo.users.adele! : soak.demo.users.ines!;
    const stage = i % 5 === 4 ? 'assignmentRequestRemoved' : 'assignmentRequestApproved';
    const { requestId, stageInstanceId, body } = fireCallout(data, {
      packageId,
      userId,
      stage,
      justification: `Soak ${i}`,
    });
    const twice = i % 10 === 7;
    soak.callouts.push({ tenant: which, tenantId: t.tenantId, requestId, stageInstanceId, stage, twice });
    for (let n = 0; n < (twice ? 2 : 1); n++) {
      const forward = await buildForward(
        { login: world.login, deployment: t.deployment, identity: t.relay },
        body,
      );
      // As Forge runs the web trigger: the configuration and a fresh key cache per invocation.
      const response = await receiveCallout(world.ports, await loadConfig(world.store), forward, {
        jwks: createJwksCache(world.ports),
      });
      soak.calloutStatuses.push(response.statusCode);
    }
  }

  if (options.faults) {
    world.graphGlobal.faults.set('*', graphFaults(11, false));
    for (const [i, t] of fleet.tenants.entries())
      world.graphGlobal.faults.set(t.tenantId, graphFaults(20 + i, i % 2 === 0));
    world.graphCustom.faults.set('*', graphFaults(12, true));
    world.jira.faults.set({
      errorRate: 0.09,
      dropRate: 0.04,
      lostResponseRate: 0.04,
      malformedRate: 0.04,
      rateLimitPerSecond: 45,
      seed: 5,
    });
  }
  const runs: DrainStats[] = [];
  runs.push(
    await world.runQueue({ redeliverRate: options.redeliverRate, seed: 17, maxDeliveries: 1_000_000 }),
  );

  // The local IT team resolves every offline ticket; the resumes follow.
  for (const issue of world.jira.issues()) {
    if (!('accessBridgeCallout' in world.jira.properties(issue.key))) continue;
    if (issue.statusCategory !== 'done') world.jira.transition(issue.key, 'Resolve this issue');
  }
  await world.settle();
  runs.push(
    await world.runQueue({ redeliverRate: options.redeliverRate, seed: 23, maxDeliveries: 1_000_000 }),
  );
  return runs;
}
