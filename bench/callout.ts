// Scenario 3: callout acknowledgement. Each callout runs as Forge runs the web trigger
// (src/forge/handlers/handle-callout.ts): load the configuration, a fresh JWKS cache (only the
// store persists between invocations), then receiveCallout: verify the relay's token (RS256,
// issuer, audience, caller), parse, dedupe, queue, audit, answer 202. Timed from the call to the
// answer; the relay's tokens are signed beforehand (that is the relay's work, not ours). The store
// and the queue are in memory here: on Forge each store operation is a KVS round trip, so the
// operations per callout are reported too.
import { performance } from 'node:perf_hooks';
import { createFakeClock } from '../sandbox/adapters/fake-clock';
import { seedDemo } from '../sandbox/demo-data';
import { seedOffline } from '../sandbox/demo-offline';
import { buildForward, entraCallout, type ForwardedRequest } from '../sandbox/emulators/relay';
import { newGuid } from '../sandbox/emulators/shared/ids';
import { loadConfig } from '../src/core/config-store';
import type { Ports, Store } from '../src/core/ports';
import { createJwksCache } from '../src/entra/jwks-cache';
import { receiveCallout } from '../src/entra/receive-callout';
import { startBenchWorld } from './bench-world';

export interface CalloutResult {
  callouts: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  jwksFetchesPer1000: number;
  /** JWKS downloads in the whole run. */
  jwksFetches: number;
  /** Signing keys summed over the tenants' key sets: the most fetches "one per key" allows. */
  tenantKeys: number;
  /** Tenants whose relays called. */
  tenants: number;
  storeOpsPerCallout: number;
}

function countingStore(store: Store, counter: { ops: number }): Store {
  return new Proxy(store, {
    get(target, name, receiver) {
      const value = Reflect.get(target, name, receiver) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        counter.ops++;
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

export async function benchCallout(options: { callouts: number; latencyMs: number }): Promise<CalloutResult> {
  const clock = createFakeClock();
  const bench = await startBenchWorld({ latencyMs: options.latencyMs, clock, recordJira: false });
  const { world, recorder } = bench;
  try {
    const demo = await seedDemo(world);
    const offline = await seedOffline(world, demo);
    const tenants = [
      {
        t: offline.contoso,
        pkg: { id: offline.contoso.packages.erp, displayName: 'Legacy ERP' },
        catalog: offline.contoso.catalog,
      },
      {
        t: offline.fabrikam,
        pkg: { id: offline.fabrikam.packages.rnd, displayName: 'R+D Lab' },
        catalog: offline.fabrikam.catalog,
      },
    ];
    const forwards: ForwardedRequest[] = [];
    for (let i = 0; i < options.callouts; i++) {
      const { t, pkg, catalog } = tenants[i % tenants.length]!;
      const body = entraCallout({
        stage: i % 4 === 3 ? 'assignmentRequestRemoved' : 'assignmentRequestApproved',
        requestId: newGuid(),
        stageInstanceId: newGuid(),
        accessPackage: pkg,
        catalog,
        policy: { id: newGuid(), displayName: 'Approved requests' },
        assignmentId: newGuid(),
        target: { objectId: newGuid(), displayName: `User ${i}` },
      });
      forwards.push(
        await buildForward({ login: world.login, deployment: t.deployment, identity: t.relay }, body),
      );
    }

    const counter = { ops: 0 };
    const ports: Ports = { ...world.ports, store: countingStore(world.store, counter) };
    recorder.reset();
    const times: number[] = [];
    for (const forward of forwards) {
      // Callouts arrive over time, within the queue's 500 events a minute (limits-async-events).
      clock.advance(150);
      const started = performance.now();
      const config = await loadConfig(ports.store);
      const response = await receiveCallout(ports, config, forward, { jwks: createJwksCache(ports) });
      times.push(performance.now() - started);
      if (response.statusCode !== 202)
        throw new Error(`A callout was answered ${response.statusCode}: ${response.body}`);
    }
    times.sort((a, b) => a - b);
    const fetches = recorder.calls.filter((c) => c.path.includes('/discovery/')).length;
    let tenantKeys = 0;
    for (const { t } of tenants) {
      const url = `${world.login.url}/${t.tenantId}/discovery/v2.0/keys`;
      tenantKeys += ((await (await fetch(url)).json()) as { keys: unknown[] }).keys.length;
    }
    const round = (v: number) => Math.round(v * 100) / 100;
    return {
      callouts: options.callouts,
      p50Ms: round(percentile(times, 50)),
      p99Ms: round(percentile(times, 99)),
      maxMs: round(times[times.length - 1]!),
      jwksFetchesPer1000: round((fetches * 1000) / options.callouts),
      jwksFetches: fetches,
      tenantKeys,
      tenants: tenants.length,
      storeOpsPerCallout: round(counter.ops / options.callouts),
    };
  } finally {
    await bench.close();
  }
}
