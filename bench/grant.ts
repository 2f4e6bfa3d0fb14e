// Scenario 1: one grant, cold and warm, against the naive chain. Counted up to the answer to the
// assignment request (POST assignmentRequests): that is where the two do the same work. What
// follows (our comments and the follow-up checks until Entra delivers; the naive chain does none)
// is reported apart as `followUpGraphCalls`.
//   cold: a tenant the app has not called yet (no token, no package look-up cached)
//   warm: the next ticket of that tenant for the same package (token and look-ups cached)
// Each is measured once per tenant of a small fleet and the median reported.
import { performance } from 'node:perf_hooks';
import { createFakeClock } from '../sandbox/adapters/fake-clock';
import { loadTicketState } from '../src/core/access-request/ticket-state';
import { seedFleet, raiseFleetTicket, type Fleet, FLEET_APP } from './fleet';
import { startBenchWorld, type BenchWorld } from './bench-world';
import { criticalPath, type RecordedCall } from './recorder';
import { naiveGrant } from './naive-chain';

export interface GrantFigures {
  /** Graph calls, Entra token requests included. */
  graphCalls: number;
  /** Graph and token calls on the longest chain of calls made one after another. */
  criticalPath: number;
  /** From the start of the work (queue delivery; the naive chain's first call) to the answer to the submission. */
  ms: number;
  /** From the first Graph or token call to the answer to the submission: the Graph part alone. */
  graphMs: number;
  /** Jira calls made on the way (reading the ticket); the naive chain gets the fields from Automation. */
  jiraCalls?: number;
  /** Critical path over every call, Jira included. */
  criticalPathAll?: number;
  /** Graph calls after the submission until the ticket is resolved (the follow-up checks). */
  followUpGraphCalls?: number;
}

export interface GrantResult {
  cold: GrantFigures;
  warm: GrantFigures;
  naive: GrantFigures;
  /** naive ÷ ours, per figure. */
  ratio: {
    coldMs: number;
    warmMs: number;
    warmGraphMs: number;
    warmGraphCalls: number;
    warmCriticalPath: number;
  };
  runs: number;
}

const isSubmit = (c: RecordedCall) =>
  c.kind === 'graph' && c.method === 'POST' && /\/assignmentRequests$/.test(c.path);
const isGraphish = (c: RecordedCall) => c.kind === 'graph' || c.kind === 'login';

function figuresUpToSubmit(calls: RecordedCall[], startedAt: number): GrantFigures {
  const submit = calls.find(isSubmit);
  if (!submit) throw new Error('The grant did not reach the assignment request.');
  const before = calls.filter((c) => c.end <= submit.end);
  const graph = before.filter(isGraphish);
  return {
    graphCalls: graph.length,
    criticalPath: criticalPath(graph),
    ms: submit.end - startedAt,
    graphMs: submit.end - Math.min(...graph.map((c) => c.start)),
    jiraCalls: before.length - graph.length,
    criticalPathAll: criticalPath(before),
  };
}

async function ours(
  bench: BenchWorld,
  fleet: Fleet,
  tenantIndex: number,
  userIndex: number,
): Promise<GrantFigures> {
  const { world, recorder } = bench;
  const tenant = fleet.tenants[tenantIndex]!;
  const issue = raiseFleetTicket(world, fleet, {
    tenant,
    user: tenant.users[userIndex]!,
    packageName: 'Engineering',
  });
  await world.settle();
  recorder.reset();
  const startedAt = performance.now();
  await world.runQueue({ maxDeliveries: 1 }); // the access-request job alone
  const figures = figuresUpToSubmit(recorder.calls, startedAt);
  recorder.reset();
  await world.runQueue(); // the follow-up checks until delivered
  figures.followUpGraphCalls = recorder.calls.filter(isGraphish).length;
  const state = await loadTicketState(world.store, issue.id);
  if (state?.phase !== 'delivered') throw new Error(`Bench grant ended ${state?.phase ?? 'without state'}.`);
  return figures;
}

async function naive(
  bench: BenchWorld,
  fleet: Fleet,
  tenantIndex: number,
  userIndex: number,
): Promise<GrantFigures> {
  const { world, recorder } = bench;
  const tenant = fleet.tenants[tenantIndex]!;
  const user = tenant.users[userIndex]!;
  const fetchImpl = recorder.wrapFetch({ loginOrigins: bench.loginOrigins, loginLatencyMs: bench.latencyMs });
  recorder.reset();
  const startedAt = performance.now();
  const result = await naiveGrant(
    {
      loginUrl: world.login.url,
      graphUrl: world.graphGlobal.url,
      graphResource: world.graphGlobal.publicUrl,
      tenantId: tenant.tenantId,
      clientId: FLEET_APP,
      clientSecret: fleet.secret,
    },
    { packageName: 'Engineering', email: user.mail },
    fetchImpl,
  );
  if (!result.ok)
    throw new Error(`The naive chain failed at ${result.step} (${result.status}) on its happy path.`);
  return { ...figuresUpToSubmit(recorder.calls, startedAt), jiraCalls: 0, followUpGraphCalls: 0 };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

function medianFigures(all: GrantFigures[]): GrantFigures {
  const keys = Object.keys(all[0]!) as (keyof GrantFigures)[];
  return Object.fromEntries(
    keys.map((k) => [k, Math.round(median(all.map((f) => f[k] ?? 0)) * 10) / 10]),
  ) as unknown as GrantFigures;
}

export async function benchGrant(options: { latencyMs: number; runs?: number }): Promise<GrantResult> {
  const runs = options.runs ?? 5;
  // A fake clock: the follow-up's 10 s delay passes at once; the emulated latency stays real.
  const bench = await startBenchWorld({ latencyMs: options.latencyMs, clock: createFakeClock() });
  try {
    const fleet = await seedFleet(bench.world, { tenants: runs, usersPerTenant: 5 });
    const cold: GrantFigures[] = [];
    const warm: GrantFigures[] = [];
    const naives: GrantFigures[] = [];
    for (let t = 0; t < runs; t++) {
      // Users 0-3 have mail = UPN, so the naive chain's happy path applies to them.
      cold.push(await ours(bench, fleet, t, 0));
      warm.push(await ours(bench, fleet, t, 1));
      naives.push(await naive(bench, fleet, t, 2));
    }
    const c = medianFigures(cold);
    const w = medianFigures(warm);
    const n = medianFigures(naives);
    const r = (a: number, b: number) => Math.round((a / b) * 100) / 100;
    return {
      cold: c,
      warm: w,
      naive: n,
      ratio: {
        coldMs: r(n.ms, c.ms),
        warmMs: r(n.ms, w.ms),
        warmGraphMs: r(n.graphMs, w.graphMs),
        warmGraphCalls: r(n.graphCalls, w.graphCalls),
        warmCriticalPath: r(n.criticalPath, w.criticalPath),
      },
      runs,
    };
  } finally {
    await bench.close();
  }
}
