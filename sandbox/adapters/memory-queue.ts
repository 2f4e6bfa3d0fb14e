// The Queue port in memory, with Forge's async-event semantics (forge-platform.md section 3):
// delays of 0..900 s against the injected clock, at-least-once delivery (optional seeded duplicate
// deliveries), and platform retries with backoff when the consumer throws. `drain` runs the
// consumer until nothing is left, up to `concurrency` jobs at once, sleeping on the clock when
// nothing runs and nothing is due, which a fake clock turns into an instant fast-forward.
import type { Clock, Queue, QueueJob } from '../../src/core/ports';
import { AccessBridgeError } from '../../src/graph/errors';

export const MAX_EVENT_BYTES = 100 * 1024; // per event, with a consumer timeout above 55 s
export const MAX_DELAY_SECONDS = 900;

export class QueueJobTooLargeError extends AccessBridgeError {
  readonly code = 'queue_job_too_large' as const;
}

export interface QueuedJob {
  jobId: string;
  job: QueueJob;
  delaySeconds: number;
  pushedAt: number;
  dueAt: number;
  /** Platform retries so far (Forge's retryContext.retryCount). */
  attempt: number;
  redelivery: boolean;
}

export interface DeliveryMeta {
  jobId: string;
  attempt: number;
  redelivery: boolean;
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

export interface MemoryQueue extends Queue {
  /** Every push in order, as queued (retries and duplicates are not pushes). */
  readonly pushed: QueuedJob[];
  pending(): QueuedJob[];
  drain(
    handler: (job: QueueJob, meta: DeliveryMeta) => Promise<unknown>,
    options?: DrainOptions,
  ): Promise<DrainStats>;
}

function clampDelay(delaySeconds: number | undefined): number {
  if (delaySeconds === undefined || !Number.isFinite(delaySeconds)) return 0;
  return Math.min(MAX_DELAY_SECONDS, Math.max(0, Math.ceil(delaySeconds)));
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

export function createMemoryQueue(options: { clock: Clock }): MemoryQueue {
  const { clock } = options;
  const pushed: QueuedJob[] = [];
  let queue: QueuedJob[] = [];
  let sequence = 0;

  const nextDue = () =>
    queue.reduce<QueuedJob | undefined>((best, j) => (!best || j.dueAt < best.dueAt ? j : best), undefined);

  return {
    pushed,
    pending: () => [...queue].sort((a, b) => a.dueAt - b.dueAt),
    async push(jobs, pushOptions) {
      const delaySeconds = clampDelay(pushOptions?.delaySeconds);
      const encoded = jobs.map((job) => {
        const json = JSON.stringify(job);
        if (Buffer.byteLength(json) > MAX_EVENT_BYTES) {
          throw new QueueJobTooLargeError(
            `A queue job of ${Buffer.byteLength(json)} bytes exceeds ${MAX_EVENT_BYTES} bytes.`,
          );
        }
        return JSON.parse(json) as QueueJob; // the consumer gets a copy, as after Forge's serialisation
      });
      const now = clock.now();
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
        const meta = { jobId: next.jobId, attempt: next.attempt, redelivery: next.redelivery };
        try {
          await handler(JSON.parse(JSON.stringify(next.job)) as QueueJob, meta);
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
