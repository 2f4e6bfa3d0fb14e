// The sandbox world: the same core as on Forge, with Node adapters for the ports and emulators
// for Entra login, Graph (one per cloud) and Jira. Used by `npm start`, `npm run demo`, the
// integration tests and the benchmarks, so what they exercise is one and the same wiring.
import type { Clock, Http, Ports } from '../src/core/ports';
import { systemClock } from '../src/core/ports';
import { consumeJob, type ConsumeOutcome } from '../src/core/queue/consume-job';
import { onIssueCreated } from '../src/core/triggers/on-issue-created';
import { onIssueUpdated } from '../src/core/triggers/on-issue-updated';
import { runTrigger } from '../src/core/triggers/trigger-retry';
import { deliverProductEvent } from './product-events';
import { startEntraLogin, type EntraLogin } from './emulators/entra-login';
import { startGraphEmulator, type GraphEmulator } from './emulators/graph';
import { startJiraEmulator, type JiraEmulator } from './emulators/jira';
import { createContractValidator, loadContract } from '../test/contracts/validator';
import { createMemoryStore, type MemoryStore } from './adapters/memory-store';
import {
  createMemoryQueue,
  type DrainOptions,
  type DrainStats,
  type MemoryQueue,
} from './adapters/memory-queue';
import { createRecordingLog, type RecordingLog } from './adapters/recording-log';
import { createHttpJira } from './adapters/jira-http';
import { createRoutedHttp } from './routed-http';
import { KNOWN_CLOUDS } from '../src/graph/clouds';

export interface WorldOptions {
  /** A fake clock makes every wait instant (tests, demo); the real one runs in real time. */
  clock?: Clock;
  /** Emulated network latency per Graph and Jira call. */
  latencyMs?: number;
  /** Stop every workflow before it writes to Entra (`npm start -- --dry-run`). */
  dryRun?: boolean;
  /** Outbound HTTP for Graph and login; default: routed to the emulators, loopback only. */
  http?: Http;
}

export interface World {
  clock: Clock;
  login: EntraLogin;
  /** Serves the global cloud: the app calls https://graph.microsoft.com, routed here. */
  graphGlobal: GraphEmulator;
  /** Serves tenants configured with the `custom` cloud at its local URL. */
  graphCustom: GraphEmulator;
  jira: JiraEmulator;
  store: MemoryStore;
  queue: MemoryQueue;
  log: RecordingLog;
  ports: Ports;
  /** Delivers queued jobs to the consumer until none is due (or the options stop it). */
  runQueue(options?: DrainOptions): Promise<DrainStats & { outcomes: Record<ConsumeOutcome, number> }>;
  /** Waits until every Jira event has reached its trigger. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

export async function createWorld(options: WorldOptions = {}): Promise<World> {
  const clock = options.clock ?? systemClock;
  const now = () => clock.now();
  const latencyMs = options.latencyMs ?? 0;
  const login = await startEntraLogin({ now, publicUrl: KNOWN_CLOUDS.global.loginBaseUrl });
  const validator = createContractValidator(loadContract('identity-governance'));
  const graphGlobal = await startGraphEmulator({
    login,
    now,
    latencyMs,
    validator,
    publicUrl: KNOWN_CLOUDS.global.graphBaseUrl,
  });
  const graphCustom = await startGraphEmulator({ login, now, latencyMs, validator });
  const jira = await startJiraEmulator({ now, latencyMs });

  const store = createMemoryStore({ clock });
  const queue = createMemoryQueue({ clock });
  const log = createRecordingLog();
  const http =
    options.http ??
    createRoutedHttp({
      [KNOWN_CLOUDS.global.graphBaseUrl]: graphGlobal.url,
      [KNOWN_CLOUDS.global.loginBaseUrl]: login.url,
    });
  const ports: Ports = { jira: createHttpJira(jira.url), store, http, queue, clock, log };

  // Jira's events reach the triggers as Forge would deliver them: each a fresh invocation, delivered
  // again when the trigger asks for it (sandbox/product-events.ts).
  const deliver = { clock, invocation: queue.invocation };
  const unsubscribe = [
    jira.events.on('issueCreated', (event) =>
      deliverProductEvent(
        event,
        (e) => runTrigger(ports.log, 'trigger.created', e, () => onIssueCreated(ports, e)),
        deliver,
      ),
    ),
    jira.events.on('issueUpdated', (event) =>
      deliverProductEvent(
        event,
        (e) => runTrigger(ports.log, 'trigger.updated', e, () => onIssueUpdated(ports, e)),
        deliver,
      ),
    ),
  ];

  return {
    clock,
    login,
    graphGlobal,
    graphCustom,
    jira,
    store,
    queue,
    log,
    ports,
    async runQueue(drainOptions) {
      const outcomes: Record<ConsumeOutcome, number> = {
        done: 0,
        requeued: 0,
        'gave-up': 0,
        rejected: 0,
        'handed-over': 0,
      };
      const stats = await queue.drain(async (job) => {
        const outcome = await consumeJob(ports, job, {
          deadline: clock.now() + 60_000,
          dryRun: options.dryRun,
        });
        outcomes[outcome]++;
      }, drainOptions);
      return { ...stats, outcomes };
    },
    settle: () => jira.events.settled(),
    async close() {
      unsubscribe.forEach((off) => off());
      await Promise.all([jira.close(), graphGlobal.close(), graphCustom.close(), login.close()]);
    },
  };
}
