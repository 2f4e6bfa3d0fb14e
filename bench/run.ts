// `npm run bench`: every scenario against the emulators in this one process, emulated latency on
// every Graph, Jira and Entra login call, the naive Jira Automation chain beside ours. Prints a
// markdown table; `--json` prints the figures as JSON (the shape issue 7 gives, plus more keys).
// Options: --latency <ms> (40), --tickets <n> (1000), --tenants <n> (10), --rate <calls/s> (20),
// --concurrency <n> (40), --callouts <n> (1000), --no-build (do not build missing Custom UI),
// --check (exit 1 when a target of issue 7 is missed). How to read the figures: docs/performance.md.
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { benchGrant, type GrantResult } from './grant';
import { benchBurst, type BurstResult } from './burst';
import { benchCallout, type CalloutResult } from './callout';
import { benchSize, type SizeResult } from './size';

export interface BenchResult {
  grant: GrantResult;
  burst: BurstResult;
  callout: CalloutResult;
  size: SizeResult;
  targets: { name: string; met: boolean; detail: string }[];
  environment: { node: string; cpus: number; latencyMs: number; seconds: number };
}

function option(args: string[], name: string, fallback: number): number {
  const i = args.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const value = Number(args[i + 1]);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} takes a positive number.`);
  return value;
}

export function targetsOf(r: Omit<BenchResult, 'targets' | 'environment'>): BenchResult['targets'] {
  return [
    {
      name: 'warm grant: <= 3 Graph calls, <= 3 on the critical path',
      met: r.grant.warm.graphCalls <= 3 && r.grant.warm.criticalPath <= 3,
      detail: `${r.grant.warm.graphCalls} calls, ${r.grant.warm.criticalPath} on the critical path`,
    },
    {
      name: 'burst: 0 failed, 0 duplicates',
      met: r.burst.failed === 0 && r.burst.duplicates === 0,
      detail: `${r.burst.failed} failed, ${r.burst.duplicates} duplicates`,
    },
    { name: 'burst: wall <= 1.25 x lower bound', met: r.burst.ratio <= 1.25, detail: `${r.burst.ratio} x` },
    { name: 'callout: p99 < 20 ms', met: r.callout.p99Ms < 20, detail: `${r.callout.p99Ms} ms` },
    {
      name: 'callout: <= 1 JWKS fetch per key',
      met: r.callout.jwksFetches <= r.callout.tenantKeys,
      detail: `${r.callout.jwksFetches} fetches for ${r.callout.tenantKeys} tenant keys`,
    },
    {
      name: 'backend bundle < 600 KB minified',
      met: r.size.backendMinifiedBytes < 600 * 1024,
      detail: `${kb(r.size.backendMinifiedBytes)} (Forge ships it unminified: ${kb(r.size.backendBytes)})`,
    },
  ];
}

const kb = (bytes: number | 'not built') =>
  typeof bytes === 'number' ? `${(bytes / 1024).toFixed(1)} KB` : bytes;
const ms = (v: number) => `${Math.round(v).toLocaleString('en-US')} ms`;

export function markdown(r: BenchResult): string {
  const g = r.grant;
  const b = r.burst;
  const n = b.naive;
  const failures =
    Object.entries(n.failures)
      .map(([k, v]) => `${k}: ${v}`)
      .join(', ') || 'none';
  const lines = [
    `## Access Bridge bench (${r.environment.latencyMs} ms emulated latency per call, Node ${r.environment.node}, ${r.environment.cpus} CPUs, ${r.environment.seconds} s)`,
    '',
    `### One grant (median of ${g.runs}; calls counted up to the answer to the assignment request)`,
    '',
    '| | Graph calls | critical path | ms to submission | Graph part ms | Jira calls | follow-up Graph calls |',
    '|---|---|---|---|---|---|---|',
    `| ours, cold | ${g.cold.graphCalls} | ${g.cold.criticalPath} | ${ms(g.cold.ms)} | ${ms(g.cold.graphMs)} | ${g.cold.jiraCalls} | ${g.cold.followUpGraphCalls} |`,
    `| ours, warm | ${g.warm.graphCalls} | ${g.warm.criticalPath} | ${ms(g.warm.ms)} | ${ms(g.warm.graphMs)} | ${g.warm.jiraCalls} | ${g.warm.followUpGraphCalls} |`,
    `| naive chain | ${g.naive.graphCalls} | ${g.naive.criticalPath} | ${ms(g.naive.ms)} | ${ms(g.naive.graphMs)} | 0 (Automation has the fields) | 0 (never checks) |`,
    `| naive ÷ ours warm | ${g.ratio.warmGraphCalls} | ${g.ratio.warmCriticalPath} | ${g.ratio.warmMs} | ${g.ratio.warmGraphMs} | | |`,
    '',
    `### Burst: ${b.tickets.toLocaleString('en-US')} grant tickets across ${b.tenants} tenants, each tenant limited to ${b.ratePerSecond} Graph calls/s (429 + Retry-After)`,
    '',
    '| | completed | failed | duplicate requests | duplicate comments | wall | lower bound | ratio |',
    '|---|---|---|---|---|---|---|---|',
    `| ours, all resolved | ${b.completed} | ${b.failed} | ${b.duplicateRequests} | ${b.duplicateComments} | ${ms(b.wallMs)} | ${ms(b.lowerBoundMs)} | ${b.ratio} |`,
    `| ours, all submitted | | | | | ${ms(b.submittedMs)} | ${ms(b.submittedLowerBoundMs)} | ${b.submittedRatio} |`,
    `| naive chain | ${n.completed} | ${n.failed} | ${n.duplicates} | n/a | ${ms(n.wallMs)} | ${ms(n.lowerBoundMs)} | ${n.ratio} |`,
    '',
    `Ours: ${b.concurrency} consumers at once, ${b.graphCalls} Graph calls of which ${b.throttled} answered 429, ${b.extraCalls} beyond the bound's minimum. Naive failures: ${failures}.`,
    '',
    `Queue (500 events a minute, enforced on the bench's clock): busiest minute ${b.peakEventsPerMinute} events; pushes refused ${JSON.stringify(b.refusedPushes)}; ${b.triggerRetries} trigger deliveries retried by the platform; the queue's part of the lower bound ${ms(b.queueLowerBoundMs)}; all triggers' jobs queued after ${ms(b.raiseMs)}.`,
    '',
    `### Callout acknowledgement (${r.callout.callouts} callouts, ${r.callout.tenants} tenants, verification included)`,
    '',
    '| p50 | p99 | max | JWKS fetches per 1,000 | store operations per callout |',
    '|---|---|---|---|---|',
    `| ${r.callout.p50Ms} ms | ${r.callout.p99Ms} ms | ${r.callout.maxMs} ms | ${r.callout.jwksFetchesPer1000} (${r.callout.jwksFetches} for ${r.callout.tenantKeys} tenant keys) | ${r.callout.storeOpsPerCallout} |`,
    '',
    '### Size and start',
    '',
    '| backend as `forge deploy` ships it (not minified) | same build minified | its source map | Forge build | load in a fresh Node | admin page JS (gzip) | portal JS (gzip) |',
    '|---|---|---|---|---|---|---|',
    `| ${kb(r.size.backendBytes)} | ${kb(r.size.backendMinifiedBytes)} | ${kb(r.size.backendMapBytes)} | ${ms(r.size.buildMs)} | ${ms(r.size.importMs)} | ${kb(r.size.adminGzBytes)} | ${kb(r.size.portalGzBytes)} |`,
    '',
    '### Targets (issue 7)',
    '',
    ...r.targets.map((t) => `- [${t.met ? 'x' : ' '}] ${t.name}: ${t.detail}`),
  ];
  return lines.join('\n');
}

export async function runBench(args: string[]): Promise<BenchResult> {
  const started = performance.now();
  const latencyMs = option(args, 'latency', 40);
  const grant = await benchGrant({ latencyMs });
  const burst = await benchBurst({
    tickets: option(args, 'tickets', 1000),
    tenants: option(args, 'tenants', 10),
    ratePerSecond: option(args, 'rate', 20),
    latencyMs,
    concurrency: option(args, 'concurrency', 40),
  });
  const callout = await benchCallout({ callouts: option(args, 'callouts', 1000), latencyMs });
  const size = await benchSize({ buildStatic: !args.includes('--no-build') });
  const figures = { grant, burst, callout, size };
  return {
    ...figures,
    targets: targetsOf(figures),
    environment: {
      node: process.versions.node,
      cpus: cpus().length,
      latencyMs,
      seconds: Math.round((performance.now() - started) / 1000),
    },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const result = await runBench(args);
  console.log(args.includes('--json') ? JSON.stringify(result, null, 2) : markdown(result));
  if (args.includes('--check') && result.targets.some((t) => !t.met)) process.exitCode = 1;
}
