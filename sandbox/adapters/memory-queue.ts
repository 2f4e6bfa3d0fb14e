// The Queue port in memory, with Forge's async-event semantics (forge-platform.md section 3):
// delays of 0..900 s against the injected clock, at-least-once delivery (optional seeded duplicate
// deliveries), and platform retries with backoff when the consumer throws. `drain` runs the
// consumer until nothing is left, up to `concurrency` jobs at once, sleeping on the clock when
// nothing runs and nothing is due, which a fake clock turns into an instant fast-forward.
//
// It refuses what Forge refuses, with errors named and worded as @forge/events' own
// (node_modules/@forge/events/out/{errors,validators,text}.js), per installation
// (https://developer.atlassian.com/platform/forge/limits-async-events/):
//   - 50 events and 200 KB per push, 100 KB per event (our consumer's timeout is above 55 s);
//   - delayInSeconds 0..900;
//   - 500 events per minute, counted on the injected clock (the window is a setting: the docs say
//     "in one minute" without saying whether the minute slides or is fixed);
//   - 1,000 push requests per chain of invocations: "the total number of async event push requests
//     that can be made across all handlers originating from a single initial function invocation,
//     including requests made by downstream handlers". Each job remembers its chain; a push made
//     while a job's handler runs (tracked with AsyncLocalStorage) belongs to that job's chain, and a
//     push made anywhere else, or inside `invocation()`, starts a chain of its own.
// Refused pushes queue nothing and count toward no limit.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Clock, Queue, QueueJob } from '../../src/core/ports';
import { AccessBridgeError } from '../../src/graph/errors';
import {
  MAX_PUSHES_PER_CHAIN,
  QueueChainLimitError,
  QueueRateLimitedError,
} from '../../src/core/queue/queue-errors';

export const MAX_EVENTS_PER_PUSH = 50;
export const MAX_PUSH_BYTES = 200 * 1024;
export const MAX_EVENT_BYTES = 100 * 1024; // per event, with a consumer timeout above 55 s
export const MAX_DELAY_SECONDS = 900;
export const MAX_EVENTS_PER_MINUTE = 500;
export { MAX_PUSHES_PER_CHAIN };

// @forge/events' messages (out/text.js), word for word.
const TEXT = {
  invalidDelayInSecondsSetting: 'The delayInSeconds setting must be between 0 and 900.',
  maxEventsAllowed: (n: number) => `This push contains more than the ${n} events allowed.`,
  maxPayloadAllowed: (kb: number) => `The maximum payload size is ${kb}KB.`,
  noEventsPushed: 'No events pushed.',
  rateLimitError: 'Too many requests.',
  invocationLimitReachedError: 'The limit on cyclic invocation has been reached.',
};

/** @forge/events' base class of push errors. */
export class EventsError extends AccessBridgeError {
  readonly code: string = 'queue_push_refused';
}
export class InvalidPushSettingsError extends EventsError {}
export class TooManyEventsError extends EventsError {}
export class PayloadTooBigError extends EventsError {}
export class NoEventsToPushError extends EventsError {}
/** Core sees a QueueRateLimitedError: a retry-later of a minute. */
export class RateLimitError extends QueueRateLimitedError {}
/** Core sees a QueueChainLimitError. */
export class InvocationLimitReachedError extends QueueChainLimitError {}
/** The name the rest of the sandbox knew this refusal by. */
export { PayloadTooBigError as QueueJobTooLargeError };

export interface QueuedJob {
  jobId: string;
  job: QueueJob;
  delaySeconds: number;
  pushedAt: number;
  dueAt: number;
  /** Platform retries so far (Forge's retryContext.retryCount). */
  attempt: number;
  redelivery: boolean;
  /** The chain of invocations the push that queued this job belongs to. */
  chainId: string;
  /** Which push of its chain queued this job (1 for the chain's first push). */
  chainPush: number;
}

export interface DeliveryMeta {
  jobId: string;
  attempt: number;
  redelivery: boolean;
  chainId: string;
  chainPush: number;
}

export interface DrainOptions {
  /** Probability (0..1) that a delivered job is delivered once more, as at-least-once allows. */
  redeliverRate?: number;
  seed?: number;
  /** Platform retries after a throw before the job is dropped (dead-lettered). */
  maxRetries?: number;
  /** Stop when the next job is due after this time (epoch ms); no limit by default. */
  untilMs?: number;
  /** Safety stop for self-rescheduling jobs. */
  maxDeliveries?: number;
  /**
   * Jobs delivered at once, as Forge runs several consumer invocations in parallel; default 1
   * (one after another). Delays, redeliveries and retries are honoured the same way.
   */
  concurrency?: number;
}

export interface DrainStats {
  delivered: number;
  succeeded: number;
  threw: number;
  redelivered: number;
  deadLettered: number;
  remaining: number;
  stoppedEarly: boolean;
  errors: { jobId: string; error: unknown }[];
}

export interface MemoryQueueOptions {
  clock: Clock;
  /** Events per minute per installation; default 500 (the documented limit). */
  eventsPerMinute?: number;
  /** How the minute is counted: a window sliding with the clock (default) or fixed clock minutes. */
  rateWindow?: 'sliding' | 'fixed';
  /** Push requests per chain of invocations; default 1,000 (the documented limit). */
  pushesPerChain?: number;
}

export interface MemoryQueue extends Queue {
  /** Every push in order, as queued (retries and duplicates are not pushes). */
  readonly pushed: QueuedJob[];
  pending(): QueuedJob[];
  /** Pushes refused so far, by error name (RateLimitError, InvocationLimitReachedError, ...). */
  readonly refused: Record<string, number>;
  /** Runs `fn` as a fresh initial invocation (a trigger, a web trigger, a schedule): its pushes
   * start one new chain. */
  invocation<T>(fn: () => Promise<T>): Promise<T>;
  drain(
    handler: (job: QueueJob, meta: DeliveryMeta) => Promise<unknown>,
    options?: DrainOptions,
  ): Promise<DrainStats>;
}

/** Forge's validator refuses delays outside 0..900; fractions are rounded up to whole seconds. */
function checkedDelay(delaySeconds: number | undefined): number {
  if (delaySeconds === undefined) return 0;
  if (!Number.isFinite(delaySeconds) || delaySeconds < 0 || delaySeconds > MAX_DELAY_SECONDS)
    throw new InvalidPushSettingsError(TEXT.invalidDelayInSecondsSetting);
  return Math.ceil(delaySeconds);
}

/** mulberry32: a small seeded PRNG, so a redelivery pattern can be replayed from its seed. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Forge retries a throwing consumer with growing gaps, about 15 min apart at most. */
const retryDelayMs = (attempt: number) => Math.min(900, 30 * 2 ** attempt) * 1000;

export function createMemoryQueue(options: MemoryQueueOptions): MemoryQueue {
  const { clock } = options;
  const perMinute = options.eventsPerMinute ?? MAX_EVENTS_PER_MINUTE;
  const perChain = options.pushesPerChain ?? MAX_PUSHES_PER_CHAIN;
  const pushed: QueuedJob[] = [];
  const refused: Record<string, number> = {};
  const recent: { at: number; events: number }[] = [];
  const chainPushes = new Map<string, number>();
  const current = new AsyncLocalStorage<{ chainId: string }>();
  let queue: QueuedJob[] = [];
  let sequence = 0;
  let chains = 0;
  const newChain = () => `chain-${++chains}`;

  const nextDue = () =>
    queue.reduce<QueuedJob | undefined>((best, j) => (!best || j.dueAt < best.dueAt ? j : best), undefined);

  /** Events pushed in the minute that counts at `now`. */
  const eventsThisMinute = (now: number): number => {
    const from = options.rateWindow === 'fixed' ? now - (now % 60_000) : now - 60_000 + 1;
    while (recent.length > 0 && recent[0]!.at < now - 60_000) recent.shift();
    return recent.filter((r) => r.at >= from).reduce((n, r) => n + r.events, 0);
  };

  const refuse = (error: Error): never => {
    refused[error.name] = (refused[error.name] ?? 0) + 1;
    throw error;
  };

  return {
    pushed,
    refused,
    pending: () => [...queue].sort((a, b) => a.dueAt - b.dueAt),
    invocation: (fn) => current.run({ chainId: newChain() }, fn),
    async push(jobs, pushOptions) {
      // What @forge/events checks before sending (validators.js), then what the service refuses.
      if (jobs.length === 0) refuse(new NoEventsToPushError(TEXT.noEventsPushed));
      if (jobs.length > MAX_EVENTS_PER_PUSH)
        refuse(new TooManyEventsError(TEXT.maxEventsAllowed(MAX_EVENTS_PER_PUSH)));
      let delaySeconds = 0;
      try {
        delaySeconds = checkedDelay(pushOptions?.delaySeconds);
      } catch (error) {
        refuse(error as Error);
      }
      const bodies = jobs.map((job) => JSON.stringify({ body: job, delayInSeconds: delaySeconds }));
      if (Buffer.byteLength(`[${bodies.join(',')}]`) / 1024 > MAX_PUSH_BYTES / 1024)
        refuse(new PayloadTooBigError(TEXT.maxPayloadAllowed(MAX_PUSH_BYTES / 1024)));
      const encoded = jobs.map((job) => {
        const json = JSON.stringify(job);
        if (Buffer.byteLength(json) > MAX_EVENT_BYTES) {
          refuse(
            new PayloadTooBigError(
              `A queue job of ${Buffer.byteLength(json)} bytes exceeds ${MAX_EVENT_BYTES} bytes.`,
            ),
          );
        }
        return JSON.parse(json) as QueueJob; // the consumer gets a copy, as after Forge's serialisation
      });
      const now = clock.now();
      if (eventsThisMinute(now) + encoded.length > perMinute) refuse(new RateLimitError(TEXT.rateLimitError));
      const chainId = current.getStore()?.chainId ?? newChain();
      const chainPush = (chainPushes.get(chainId) ?? 0) + 1;
      if (chainPush > perChain) refuse(new InvocationLimitReachedError(TEXT.invocationLimitReachedError));
      chainPushes.set(chainId, chainPush);
      recent.push({ at: now, events: encoded.length });
      for (const job of encoded) {
        sequence += 1;
        const queued = {
          jobId: `job-${sequence}`,
          job,
          delaySeconds,
          pushedAt: now,
          dueAt: now + delaySeconds * 1000,
          attempt: 0,
          redelivery: false,
          chainId,
          chainPush,
        };
        pushed.push(queued);
        queue.push(queued);
      }
    },
    async drain(handler, drainOptions = {}) {
      const random = seededRandom(drainOptions.seed ?? 1);
      const redeliverRate = drainOptions.redeliverRate ?? 0;
      const maxRetries = drainOptions.maxRetries ?? 4;
      const maxDeliveries = drainOptions.maxDeliveries ?? 10_000;
      const concurrency = Math.max(1, Math.floor(drainOptions.concurrency ?? 1));
      const stats: DrainStats = {
        delivered: 0,
        succeeded: 0,
        threw: 0,
        redelivered: 0,
        deadLettered: 0,
        remaining: 0,
        stoppedEarly: false,
        errors: [],
      };
      const inFlight = new Set<Promise<void>>();

      const deliver = async (next: QueuedJob): Promise<void> => {
        const meta = {
          jobId: next.jobId,
          attempt: next.attempt,
          redelivery: next.redelivery,
          chainId: next.chainId,
          chainPush: next.chainPush,
        };
        try {
          // What the handler pushes belongs to this job's chain of invocations.
          await current.run({ chainId: next.chainId }, () =>
            handler(JSON.parse(JSON.stringify(next.job)) as QueueJob, meta),
          );
          stats.succeeded += 1;
          if (!next.redelivery && redeliverRate > 0 && random() < redeliverRate) {
            stats.redelivered += 1;
            queue.push({ ...next, dueAt: clock.now(), redelivery: true });
          }
        } catch (error) {
          stats.threw += 1;
          stats.errors.push({ jobId: next.jobId, error });
          if (next.attempt >= maxRetries) stats.deadLettered += 1;
          else
            queue.push({
              ...next,
              attempt: next.attempt + 1,
              dueAt: clock.now() + retryDelayMs(next.attempt),
            });
        }
      };
      const start = (next: QueuedJob) => {
        queue = queue.filter((j) => j !== next);
        stats.delivered += 1;
        const running: Promise<void> = deliver(next).finally(() => inFlight.delete(running));
        inFlight.add(running);
      };
      const anySettled = () => Promise.race(inFlight);

      for (;;) {
        const next = nextDue();
        const startable =
          next !== undefined &&
          !stats.stoppedEarly &&
          (drainOptions.untilMs === undefined || next.dueAt <= drainOptions.untilMs);
        if (startable && stats.delivered >= maxDeliveries) stats.stoppedEarly = true;
        if (!startable || stats.stoppedEarly) {
          // Nothing more to start: let what runs finish (it may queue more), then stop.
          if (inFlight.size === 0) break;
          await anySettled();
          continue;
        }
        if (inFlight.size >= concurrency) {
          await anySettled();
          continue;
        }
        const wait = next.dueAt - clock.now();
        if (wait <= 0) {
          start(next);
          continue;
        }
        if (inFlight.size === 0) {
          // Idle: sleep on the clock (a fake clock fast-forwards; the real one waits).
          await clock.sleep(wait);
          continue;
        }
        // Jobs are running and the next one is not due yet: whichever comes first, a running job
        // ending or the due time in real time (a fake clock only moves when someone sleeps on it).
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([
          anySettled(),
          new Promise<void>((resolve) => (timer = setTimeout(resolve, Math.min(wait, 1_000)))),
        ]);
        clearTimeout(timer);
      }
      stats.remaining = queue.length;
      return stats;
    },
  };
}
