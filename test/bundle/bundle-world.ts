// The emulators and demo data of sandbox/world.ts, with the Forge bundle in place of the core: Jira's
// events reach the bundle's triggers, queued jobs its consumer, and every @forge call the runtime
// stand-in (forge-runtime.ts). On the real clock, since the bundle reads Date.now() as on Forge.
import { join } from 'node:path';
import * as z from 'zod';
import { systemClock } from '../../src/core/ports';
import { KNOWN_CLOUDS } from '../../src/graph/clouds';
import { WORK_QUEUE_KEY } from '../../src/forge/adapters/forge-queue';
import { startEntraLogin } from '../../sandbox/emulators/entra-login';
import { startGraphEmulator } from '../../sandbox/emulators/graph';
import { startJiraEmulator } from '../../sandbox/emulators/jira';
import { createMemoryStore } from '../../sandbox/adapters/memory-store';
import { createMemoryQueue, type DrainStats } from '../../sandbox/adapters/memory-queue';
import { seedDemo, type Demo } from '../../sandbox/demo-data';
import { seedOffline, type DemoOffline } from '../../sandbox/demo-offline';
import type { World } from '../../sandbox/world';
import { createContractValidator, loadContract } from '../contracts/validator';
import { loadManifest } from '../../scripts/manifest-checks/manifest';
import { installForgeRuntime, type ForgeRuntime } from './forge-runtime';

type Handler = (...args: unknown[]) => Promise<unknown>;

export interface BundleWorld extends Pick<
  World,
  'login' | 'graphGlobal' | 'graphCustom' | 'jira' | 'store' | 'queue'
> {
  demo: Demo;
  offline: DemoOffline;
  runtime: ForgeRuntime;
  /** The bundle's exports, as the runtime sees them. */
  exports: Record<string, unknown>;
  handler(name: string): Handler;
  /** Delivers every job due now to the bundle's consumer, as Forge delivers an AsyncEvent. */
  runQueue(): Promise<DrainStats>;
  close(): Promise<void>;
}

const Backend = z.object({
  external: z.object({
    fetch: z.object({
      backend: z.array(z.union([z.string(), z.object({ address: z.string() })])),
    }),
  }),
});

/** The manifest's egress hosts: the app may fetch these and nothing else. */
export function manifestEgress(root: string): string[] {
  const { permissions } = loadManifest(join(root, 'manifest.yml'));
  return Backend.parse(permissions).external.fetch.backend.map(
    (entry) => new URL(typeof entry === 'string' ? entry : entry.address).origin,
  );
}

export async function startBundleWorld(bundleFile: string, root: string): Promise<BundleWorld> {
  const clock = systemClock;
  const now = () => clock.now();
  const login = await startEntraLogin({ now, publicUrl: KNOWN_CLOUDS.global.loginBaseUrl });
  const validator = createContractValidator(loadContract('identity-governance'));
  const graphGlobal = await startGraphEmulator({
    login,
    now,
    validator,
    publicUrl: KNOWN_CLOUDS.global.graphBaseUrl,
  });
  const graphCustom = await startGraphEmulator({ login, now, validator });
  const jira = await startJiraEmulator({ now });
  const store = createMemoryStore({ clock });
  const queue = createMemoryQueue({ clock });

  // seedDemo and seedOffline read only these members of a World.
  const seedWorld = { clock, login, graphGlobal, graphCustom, jira, store, queue } as unknown as World;
  const demo = await seedDemo(seedWorld);
  const offline = await seedOffline(seedWorld, demo);

  const emulators: Record<string, string> = {
    [new URL(KNOWN_CLOUDS.global.graphBaseUrl).origin]: graphGlobal.url,
    [new URL(KNOWN_CLOUDS.global.loginBaseUrl).origin]: login.url,
  };
  const egress = Object.fromEntries(manifestEgress(root).map((origin) => [origin, emulators[origin]]));
  const runtime = installForgeRuntime({ jiraUrl: jira.url, store, queue, queueKey: WORK_QUEUE_KEY, egress });
  const exports = runtime.load(bundleFile);
  const handler = (name: string): Handler => {
    const fn = exports[name];
    if (typeof fn !== 'function') throw new Error(`the bundle exports no function ${name}`);
    return fn as Handler;
  };

  const unsubscribe = [
    jira.events.on('issueCreated', (event) => handler('onIssueCreated')(event)),
    jira.events.on('issueUpdated', (event) => handler('onIssueUpdated')(event)),
  ];

  return {
    login,
    graphGlobal,
    graphCustom,
    jira,
    store,
    queue,
    demo,
    offline,
    runtime,
    exports,
    handler,
    runQueue: () =>
      queue.drain(
        (job, meta) =>
          handler('consumeWork')({
            body: job,
            queueName: WORK_QUEUE_KEY,
            jobId: meta.jobId,
            eventId: `${meta.jobId}-${meta.attempt}`,
          }),
        // Jobs delayed into the future (follow-ups) stay queued: the real clock would make the test wait.
        { untilMs: Date.now() },
      ),
    async close() {
      unsubscribe.forEach((off) => off());
      runtime.uninstall();
      await Promise.all([jira.close(), graphGlobal.close(), graphCustom.close(), login.close()]);
    },
  };
}
