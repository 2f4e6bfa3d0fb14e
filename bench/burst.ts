// Scenario 2: a burst of grant tickets across tenants while the Graph emulator limits each tenant
// to `ratePerSecond` calls (token bucket, capacity = one second's worth) and answers 429 with
// Retry-After beyond it. Real clock: the bucket refills in real time, the queue's delays (the first
// follow-up check 10 s after submission) are waited for, and the queue delivers up to
// `concurrency` jobs at once, as Forge runs consumers in parallel.
//
// The lower bound the rate limit imposes, per tenant t (B = bucket capacity, r = rate):
//   S_t = calls before the submissions: 3 per ticket (user, existing assignments, submit; the
//         warm grant's path) + 3 per package the tenant's tickets name (two name searches and one
//         read with policies: the cold look-up, once, then cached)
//   P_t = 1 follow-up check per ticket (the emulator delivers at the first check)
//   all submitted >= (S_t - B) / r
//   all delivered >= max((S_t + P_t - B) / r, (S_t - B) / r + 10 s)   [the last submission's
//                    first check comes 10 s after it, by design]
// The bound is over the calls this workload needs with this app's call pattern, not over the calls
// the app made: 429s and repeats after a throttled job was re-queued make the app slower, not the
// bound looser. Their numbers are reported beside it.
//
// The queue takes at most 500 events a minute per installation
// (https://developer.atlassian.com/platform/forge/limits-async-events/), enforced by the memory
// queue on the world's (real) clock. Each ticket needs 2 pushes (its access-request job from the
// trigger, its first follow-up check), so with E = 2 x tickets and L = 500, the last push cannot come
// before (ceil(E / L) - 1) minutes after the first, and the last ticket's check 10 s after that:
//   all delivered >= max(the Graph bound above, (ceil(E / L) - 1) x 60 s + 10 s)
// Everything is timed from the first ticket raised: the triggers' pushes are refused beyond the
// minute's 500 and retried by the platform, while the consumers already run.
import { performance } from 'node:perf_hooks';
import { loadTicketState } from '../src/core/access-request/ticket-state';
import { fleetTickets, raiseFleetTicket, seedFleet, FLEET_APP, type Fleet } from './fleet';
import { startBenchWorld } from './bench-world';
import { naiveGrant, type NaiveResult } from './naive-chain';
import type { World } from '../sandbox/world';

export interface BurstOptions {
  tickets: number;
  tenants: number;
  ratePerSecond: number;
  latencyMs: number;
  concurrency: number;
}

export interface NaiveBurst {
  tickets: number;
  completed: number;
  failed: number;
  /** Failures by step and status, e.g. "list-packages 400": 400. */
  failures: Record<string, number>;
  duplicates: number;
  wallMs: number;
  lowerBoundMs: number;
  ratio: number;
}

export interface BurstResult {
  tickets: number;
  tenants: number;
  ratePerSecond: number;
  concurrency: number;
  completed: number;
  failed: number;
  /** Duplicate assignment requests plus duplicate comments. */
  duplicates: number;
  duplicateRequests: number;
  duplicateComments: number;
  /** Drain start to every ticket resolved. */
  wallMs: number;
  /** Drain start to the last assignment request answered. */
  submittedMs: number;
  lowerBoundMs: number;
  submittedLowerBoundMs: number;
  ratio: number;
  submittedRatio: number;
  graphCalls: number;
  throttled: number;
  /** Non-429 Graph calls beyond the bound's S_t + P_t (repeats after re-queues). */
  extraCalls: number;
  /** Raising the tickets until every issue-created trigger has queued its job (retries included). */
  raiseMs: number;
  /** Queue pushes refused, by @forge/events error name (RateLimitError, ...). */
  refusedPushes: Record<string, number>;
  /** Trigger deliveries the platform had to repeat because the queue refused their push. */
  triggerRetries: number;
  /** Events pushed in the busiest minute (sliding), to show the 500 limit held. */
  peakEventsPerMinute: number;
  /** The queue's part of the bound: (ceil(E / 500) - 1) x 60 s + 10 s. */
  queueLowerBoundMs: number;
  naive: NaiveBurst;
}

const BUCKET_SECONDS = 1;
const QUEUE_EVENTS_PER_MINUTE = 500;

function queueBoundMs(tickets: number): number {
  return (Math.ceil((2 * tickets) / QUEUE_EVENTS_PER_MINUTE) - 1) * 60_000 + 10_000;
}

/** The most events pushed within any 60 s. */
function peakPerMinute(pushedAt: number[]): number {
  const times = [...pushedAt].sort((a, b) => a - b);
  let peak = 0;
  for (let i = 0, j = 0; i < times.length; i += 1) {
    while (times[i]! - times[j]! >= 60_000) j += 1;
    peak = Math.max(peak, i - j + 1);
  }
  return peak;
}

function bound(perTenant: { tickets: number; packages: number }[], rate: number) {
  const capacity = rate * BUCKET_SECONDS;
  let submitted = 0;
  let delivered = 0;
  for (const t of perTenant) {
    const s = t.tickets * 3 + t.packages * 3;
    const p = t.tickets;
    submitted = Math.max(submitted, ((s - capacity) / rate) * 1000);
    delivered = Math.max(
      delivered,
      ((s + p - capacity) / rate) * 1000,
      ((s - capacity) / rate) * 1000 + 10_000,
    );
  }
  return {
    submitted,
    delivered,
    minimumCalls: perTenant.reduce((n, t) => n + t.tickets * 4 + t.packages * 3, 0),
  };
}

function limitTenants(world: World, fleet: Fleet, rate: number) {
  for (const t of fleet.tenants)
    world.graphGlobal.faults.set(t.tenantId, {
      rateLimitPerSecond: rate,
      burst: rate * BUCKET_SECONDS,
      seed: 1,
    });
}

function duplicateRequests(world: World, fleet: Fleet): number {
  let duplicates = 0;
  for (const t of fleet.tenants) {
    const seen = new Set<string>();
    for (const r of world.graphGlobal.tenant(t.tenantId).assignmentRequests()) {
      const key = `${r.accessPackageId}|${r.targetUserId}|${r.requestType}`;
      if (seen.has(key)) duplicates++;
      seen.add(key);
    }
  }
  return duplicates;
}

export async function benchBurst(options: BurstOptions): Promise<BurstResult> {
  const usersPerTenant = 20;
  const bench = await startBenchWorld({ latencyMs: options.latencyMs, recordJira: false });
  const { world, recorder } = bench;
  let ours: Omit<BurstResult, 'naive'>;
  try {
    const fleet = await seedFleet(world, { tenants: options.tenants, usersPerTenant });
    const tickets = fleetTickets(fleet, options.tickets);
    limitTenants(world, fleet, options.ratePerSecond);

    recorder.reset();
    const t0 = performance.now();
    const issues = tickets.map((ticket) => raiseFleetTicket(world, fleet, ticket));
    // The triggers (and the platform's retries of the refused ones) run while the consumers work.
    let raiseMs: number | undefined;
    const raised = world.settle().then(() => (raiseMs = performance.now() - t0));
    const run = { gaveUp: 0, deadLettered: 0 };
    for (;;) {
      const stats = await world.runQueue({ concurrency: options.concurrency, maxDeliveries: 1_000_000 });
      run.gaveUp += stats.outcomes['gave-up'];
      run.deadLettered += stats.deadLettered;
      if (raiseMs !== undefined && world.queue.pending().length === 0) break;
      await Promise.race([raised, new Promise((r) => setTimeout(r, 200))]);
    }
    const wallMs = performance.now() - t0;

    let completed = 0;
    for (const issue of issues)
      if ((await loadTicketState(world.store, issue.id))?.phase === 'delivered') completed++;
    let duplicateComments = 0;
    for (const issue of issues) {
      const texts = world.jira.comments(issue.key).map((c) => `${c.internal}|${c.text}`);
      duplicateComments += texts.length - new Set(texts).size;
    }
    const dupRequests = duplicateRequests(world, fleet);
    const graph = recorder.calls.filter((c) => c.kind === 'graph');
    const submits = graph.filter(
      (c) => c.method === 'POST' && /\/assignmentRequests$/.test(c.path) && c.status === 201,
    );
    const submittedMs = Math.max(...submits.map((c) => c.end)) - t0;
    const perTenant = fleet.tenants.map((t) => {
      const mine = tickets.filter((k) => k.tenant === t);
      return { tickets: mine.length, packages: new Set(mine.map((k) => k.packageName)).size };
    });
    const graphBound = bound(perTenant, options.ratePerSecond);
    const queueLowerBoundMs = queueBoundMs(options.tickets);
    const lb = {
      ...graphBound,
      delivered: Math.max(graphBound.delivered, queueLowerBoundMs),
      // Submitting needs only the access-request pushes: (ceil(N / L) - 1) minutes.
      submitted: Math.max(
        graphBound.submitted,
        (Math.ceil(options.tickets / QUEUE_EVENTS_PER_MINUTE) - 1) * 60_000,
      ),
    };
    const throttled = graph.filter((c) => c.status === 429).length;
    ours = {
      tickets: options.tickets,
      tenants: options.tenants,
      ratePerSecond: options.ratePerSecond,
      concurrency: options.concurrency,
      completed,
      failed: options.tickets - completed,
      duplicates: dupRequests + duplicateComments,
      duplicateRequests: dupRequests,
      duplicateComments,
      wallMs: Math.round(wallMs),
      submittedMs: Math.round(submittedMs),
      lowerBoundMs: Math.round(lb.delivered),
      submittedLowerBoundMs: Math.round(lb.submitted),
      ratio: Math.round((wallMs / lb.delivered) * 100) / 100,
      submittedRatio: Math.round((submittedMs / lb.submitted) * 100) / 100,
      graphCalls: graph.length,
      throttled,
      extraCalls: graph.length - throttled - lb.minimumCalls,
      raiseMs: Math.round(raiseMs ?? wallMs),
      refusedPushes: { ...world.queue.refused },
      triggerRetries: world.log.named('trigger.created.retry-requested').length,
      peakEventsPerMinute: peakPerMinute(world.queue.pushed.map((p) => p.pushedAt)),
      queueLowerBoundMs,
    };
    if (world.jira.events.errors.length > 0 || run.gaveUp > 0 || run.deadLettered > 0)
      ours.failed = Math.max(ours.failed, world.jira.events.errors.length + run.gaveUp + run.deadLettered);
  } finally {
    await bench.close();
  }
  return { ...ours, naive: await naiveBurst(options) };
}

/** The naive chain on the same burst, in a fresh world (fresh buckets, no earlier assignments). */
async function naiveBurst(options: BurstOptions): Promise<NaiveBurst> {
  const bench = await startBenchWorld({ latencyMs: options.latencyMs, recordJira: false });
  const { world } = bench;
  try {
    const fleet = await seedFleet(world, { tenants: options.tenants, usersPerTenant: 20 });
    const tickets = fleetTickets(fleet, options.tickets);
    limitTenants(world, fleet, options.ratePerSecond);
    const fetchImpl = bench.recorder.wrapFetch({
      loginOrigins: bench.loginOrigins,
      loginLatencyMs: options.latencyMs,
    });
    const results: NaiveResult[] = [];
    let next = 0;
    const t0 = performance.now();
    // Automation runs a rule per created issue; as many at once as our consumers, for a fair race.
    await Promise.all(
      Array.from({ length: options.concurrency }, async () => {
        while (next < tickets.length) {
          const ticket = tickets[next++]!;
          results.push(
            await naiveGrant(
              {
                loginUrl: world.login.url,
                graphUrl: world.graphGlobal.url,
                graphResource: world.graphGlobal.publicUrl,
                tenantId: ticket.tenant.tenantId,
                clientId: FLEET_APP,
                clientSecret: fleet.secret,
              },
              { packageName: ticket.packageName, email: ticket.user.mail },
              fetchImpl,
            ),
          );
        }
      }),
    );
    const wallMs = performance.now() - t0;
    const failures: Record<string, number> = {};
    for (const r of results)
      if (!r.ok) failures[`${r.step} ${r.status}`] = (failures[`${r.step} ${r.status}`] ?? 0) + 1;
    const completed = results.filter((r) => r.ok).length;
    // Its own bound: 4 Graph calls per ticket (the token call goes to login, which is not limited).
    const perTenant = options.tickets / options.tenants;
    const lowerBoundMs =
      ((perTenant * 4 - options.ratePerSecond * BUCKET_SECONDS) / options.ratePerSecond) * 1000;
    return {
      tickets: options.tickets,
      completed,
      failed: options.tickets - completed,
      failures,
      duplicates: duplicateRequests(world, fleet),
      wallMs: Math.round(wallMs),
      lowerBoundMs: Math.round(lowerBoundMs),
      ratio: Math.round((wallMs / lowerBoundMs) * 100) / 100,
    };
  } finally {
    await bench.close();
  }
}
