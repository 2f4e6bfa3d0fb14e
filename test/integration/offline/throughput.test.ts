// Measures the web trigger: 1,000 valid callouts through receiveCallout with verification
// (in-process, memory store), as Forge runs it (a fresh JWKS cache per invocation, the keys
// shared through the store). Prints p50/p99 and JWKS fetches; asserts generous bounds only.
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../../src/core/config-store';
import { createJwksCache } from '../../../src/entra/jwks-cache';
import { receiveCallout } from '../../../src/entra/receive-callout';
import { entraCallout } from '../../../sandbox/emulators/relay';
import { newGuid } from '../../../sandbox/emulators/shared/ids';
import { startOfflineWorld, type OfflineWorld } from './offline-world';
import type { FakeClock } from '../../../sandbox/adapters/fake-clock';

const N = 1000;
let w: OfflineWorld;
beforeAll(async () => {
  w = await startOfflineWorld();
});
afterAll(() => w.close());

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

it(`${N} valid callouts: p50/p99 of receiveCallout and JWKS fetches`, async () => {
  const config = await loadConfig(w.store);
  const template = await w.forward('contoso', {});
  const bodies = Array.from({ length: N }, () =>
    JSON.stringify(
      entraCallout({
        stage: 'assignmentRequestApproved',
        requestId: newGuid(),
        stageInstanceId: newGuid(),
        accessPackage: { id: w.offline.contoso.packages.erp, displayName: 'Legacy ERP' },
        catalog: w.offline.contoso.catalog,
        policy: { id: newGuid(), displayName: 'Approved requests' },
        assignmentId: newGuid(),
        target: { objectId: w.demo.users.adele!, displayName: 'Adele Vance' },
        answers: [{ question: 'Cost centre?', answer: 'CC-1' }],
        justification: 'Quarter close',
      }),
    ),
  );
  const fetchesBefore = w.jwksFetches();
  const queued = w.queue.pushed.length;
  const times: number[] = [];
  const withConfig: number[] = [];
  for (const [i, body] of bodies.entries()) {
    // Callouts arrive over time, within the queue's 500 events a minute (limits-async-events).
    (w.clock as FakeClock).advance(150);
    const started = performance.now();
    // Half the runs also load the configuration, as the Forge handler does per invocation.
    const cfg = i % 2 === 1 ? await loadConfig(w.store) : config;
    const loaded = performance.now();
    const response = await receiveCallout(
      w.webTriggerPorts,
      cfg,
      { ...template, body },
      { jwks: createJwksCache(w.webTriggerPorts) },
    );
    const done = performance.now();
    expect(response.statusCode).toBe(202);
    times.push(done - loaded);
    if (i % 2 === 1) withConfig.push(done - started);
  }
  const fetches = w.jwksFetches() - fetchesBefore;
  const firstMs = times[0]!; // includes the one JWKS fetch and the key import
  times.sort((a, b) => a - b);
  withConfig.sort((a, b) => a - b);
  const report = {
    callouts: N,
    firstMs: +firstMs.toFixed(3),
    p50Ms: +percentile(times, 50).toFixed(3),
    p95Ms: +percentile(times, 95).toFixed(3),
    p99Ms: +percentile(times, 99).toFixed(3),
    maxMs: +times.at(-1)!.toFixed(3),
    handlerP50Ms: +percentile(withConfig, 50).toFixed(3),
    handlerP99Ms: +percentile(withConfig, 99).toFixed(3),
    jwksFetches: fetches,
    queued: w.queue.pushed.length - queued,
  };
  console.log(`receiveCallout: ${JSON.stringify(report)}`);
  expect(report.queued).toBe(N);
  expect(report.jwksFetches).toBeLessThanOrEqual(1);
  expect(report.p99Ms).toBeLessThan(50);
});
