import { describe, expect, it } from 'vitest';
import { systemClock, type QueueJob } from '../../../../src/core/ports';
import { createFakeClock } from '../../../../sandbox/adapters/fake-clock';
import {
  InvalidPushSettingsError,
  InvocationLimitReachedError,
  MAX_EVENT_BYTES,
  PayloadTooBigError,
  QueueJobTooLargeError,
  RateLimitError,
  TooManyEventsError,
  createMemoryQueue,
  type DeliveryMeta,
} from '../../../../sandbox/adapters/memory-queue';
import { QueueChainLimitError, QueueRateLimitedError } from '../../../../src/core/queue/queue-errors';

function setup() {
  const clock = createFakeClock();
  const queue = createMemoryQueue({ clock });
  const seen: { job: QueueJob; meta: DeliveryMeta; at: number }[] = [];
  const record = async (job: QueueJob, meta: DeliveryMeta) => {
    seen.push({ job, meta, at: clock.now() });
  };
  return { clock, queue, seen, record };
}

describe('createMemoryQueue', () => {
  it('records pushes with their delays, in whole seconds from 0 to 900', async () => {
    const { clock, queue } = setup();
    await queue.push([{ type: 'a' }, { type: 'b' }], { delaySeconds: 30 });
    await queue.push([{ type: 'c' }], { delaySeconds: 900 });
    await queue.push([{ type: 'd' }], { delaySeconds: 0.2 });
    expect(queue.pushed.map((p) => [p.job.type, p.delaySeconds, p.dueAt - clock.now()])).toEqual([
      ['a', 30, 30_000],
      ['b', 30, 30_000],
      ['c', 900, 900_000],
      ['d', 1, 1_000],
    ]);
  });

  it('delivers due jobs in due order, fast-forwarding the fake clock through the delays', async () => {
    const { clock, queue, seen, record } = setup();
    const start = clock.now();
    await queue.push([{ type: 'late' }], { delaySeconds: 600 });
    await queue.push([{ type: 'soon' }], { delaySeconds: 60 });
    await queue.push([{ type: 'now' }]);
    const stats = await queue.drain(record);
    expect(seen.map((s) => [s.job.type, s.at - start])).toEqual([
      ['now', 0],
      ['soon', 60_000],
      ['late', 600_000],
    ]);
    expect(clock.sleeps).toEqual([60_000, 540_000]);
    expect(stats).toMatchObject({ delivered: 3, succeeded: 3, threw: 0, remaining: 0, stoppedEarly: false });
  });

  it('delivers jobs that the handler pushes, and stops at untilMs', async () => {
    const { clock, queue } = setup();
    const start = clock.now();
    await queue.push([{ type: 'follow-up', seq: 0 }]);
    const seqs: number[] = [];
    const stats = await queue.drain(
      async (job) => {
        seqs.push(job.seq as number);
        await queue.push([{ type: 'follow-up', seq: (job.seq as number) + 1 }], { delaySeconds: 900 });
      },
      { untilMs: start + 3 * 900_000 },
    );
    expect(seqs).toEqual([0, 1, 2, 3]);
    expect(stats.remaining).toBe(1);
    expect(queue.pending()[0]?.job).toEqual({ type: 'follow-up', seq: 4 });
  });

  it('retries a throwing consumer with growing delays, then drops the job', async () => {
    const { clock, queue } = setup();
    await queue.push([{ type: 'flaky' }]);
    const attempts: number[] = [];
    const stats = await queue.drain(async (_job, meta) => {
      attempts.push(meta.attempt);
      throw new Error('Jira is down');
    });
    expect(attempts).toEqual([0, 1, 2, 3, 4]);
    expect(clock.sleeps).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(stats).toMatchObject({ delivered: 5, threw: 5, deadLettered: 1, remaining: 0 });
    expect(stats.errors[0]?.jobId).toBe('job-1');
  });

  it('succeeds on a later attempt after a throw', async () => {
    const { queue } = setup();
    await queue.push([{ type: 'once' }]);
    let calls = 0;
    const stats = await queue.drain(async () => {
      calls += 1;
      if (calls === 1) throw new Error('first time');
    });
    expect(stats).toMatchObject({ delivered: 2, succeeded: 1, threw: 1, deadLettered: 0 });
  });

  it('redelivers some jobs a second time, the same way for the same seed', async () => {
    const run = async (seed: number) => {
      const { queue, seen, record } = setup();
      for (let from = 0; from < 200; from += 50)
        await queue.push(Array.from({ length: 50 }, (_, i) => ({ type: 'job', i: from + i })));
      const stats = await queue.drain(record, { redeliverRate: 0.3, seed });
      return { stats, dupes: seen.filter((s) => s.meta.redelivery).map((s) => s.meta.jobId) };
    };
    const a = await run(7);
    const b = await run(7);
    expect(a.dupes).toEqual(b.dupes);
    expect(a.stats.redelivered).toBe(a.dupes.length);
    expect(a.stats.delivered).toBe(200 + a.dupes.length);
    expect(a.dupes.length).toBeGreaterThan(30);
    expect(a.dupes.length).toBeLessThan(90);
    expect(new Set(a.dupes).size).toBe(a.dupes.length);
  });

  it('stops a job that reschedules itself forever at maxDeliveries', async () => {
    const { queue } = setup();
    await queue.push([{ type: 'loop' }]);
    const stats = await queue.drain(() => queue.push([{ type: 'loop' }], { delaySeconds: 1 }), {
      maxDeliveries: 50,
    });
    expect(stats).toMatchObject({ delivered: 50, stoppedEarly: true, remaining: 1 });
  });

  it('hands the consumer copies and refuses jobs over 100 KB', async () => {
    const { queue, seen, record } = setup();
    const job = { type: 'x', nested: { n: 1 } };
    await queue.push([job]);
    job.nested.n = 2;
    await queue.drain(record);
    expect(seen[0]?.job).toEqual({ type: 'x', nested: { n: 1 } });
    await expect(queue.push([{ type: 'big', data: 'x'.repeat(MAX_EVENT_BYTES) }])).rejects.toBeInstanceOf(
      QueueJobTooLargeError,
    );
  });

  describe('with concurrency', () => {
    const deferred = () => {
      let resolve!: () => void;
      const promise = new Promise<void>((r) => (resolve = r));
      return { promise, resolve };
    };

    it('runs up to N jobs at once and delivers every one', async () => {
      const { queue } = setup();
      await queue.push(Array.from({ length: 10 }, (_, i) => ({ type: 'job', i })));
      let running = 0;
      let peak = 0;
      const done: number[] = [];
      const stats = await queue.drain(
        async (job) => {
          running += 1;
          peak = Math.max(peak, running);
          await new Promise((r) => setTimeout(r, 5));
          running -= 1;
          done.push(job.i as number);
        },
        { concurrency: 3 },
      );
      expect(peak).toBe(3);
      expect(done.sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      expect(stats).toMatchObject({ delivered: 10, succeeded: 10, remaining: 0 });
    });

    it('never delivers a delayed job early, and moves a fake clock only when nothing runs', async () => {
      const { clock, queue } = setup();
      const start = clock.now();
      const gate = deferred();
      await queue.push([{ type: 'slow' }]);
      await queue.push([{ type: 'later' }], { delaySeconds: 60 });
      const startedAt: Record<string, number> = {};
      const drained = queue.drain(
        async (job) => {
          startedAt[job.type] = clock.now() - start;
          if (job.type === 'slow') await gate.promise;
        },
        { concurrency: 4 },
      );
      await new Promise((r) => setTimeout(r, 20));
      // The slow job still runs: the clock has not jumped to the delayed job.
      expect(clock.now() - start).toBe(0);
      expect(startedAt.later).toBeUndefined();
      gate.resolve();
      await drained;
      expect(startedAt).toEqual({ slow: 0, later: 60_000 });
      expect(clock.sleeps).toEqual([60_000]);
    });

    it('starts a job that falls due on the real clock while another still runs', async () => {
      const queue = createMemoryQueue({ clock: systemClock });
      const t0 = Date.now();
      const startedAt: Record<string, number> = {};
      await queue.push([{ type: 'long' }]);
      await queue.push([{ type: 'due-soon' }], { delaySeconds: 1 });
      await queue.drain(
        async (job) => {
          startedAt[job.type] = Date.now() - t0;
          if (job.type === 'long') await new Promise((r) => setTimeout(r, 1_600));
        },
        { concurrency: 2 },
      );
      expect(startedAt['due-soon']).toBeGreaterThanOrEqual(990);
      expect(startedAt['due-soon']).toBeLessThan(1_500); // not held back until the long job ended
    });

    it('retries throwing jobs and redelivers the same way as one at a time', async () => {
      const run = async (concurrency: number) => {
        const { queue } = setup();
        await queue.push(Array.from({ length: 40 }, (_, i) => ({ type: 'job', i })));
        const failedOnce = new Set<number>();
        const seen: string[] = [];
        const stats = await queue.drain(
          async (job, meta) => {
            seen.push(`${job.i as number}:${meta.attempt}:${meta.redelivery}`);
            const i = job.i as number;
            if (i % 5 === 0 && !failedOnce.has(i)) {
              failedOnce.add(i);
              throw new Error('transient');
            }
          },
          { concurrency, redeliverRate: 0.25, seed: 9 },
        );
        return { stats, seen: seen.sort() };
      };
      const one = await run(1);
      const many = await run(8);
      expect(many.stats).toMatchObject({ threw: 8, deadLettered: 0, remaining: 0 });
      expect(many.stats.succeeded).toBe(40 + many.stats.redelivered);
      expect(many.stats.delivered).toBe(one.stats.delivered);
      expect(many.seen.filter((s) => s.includes(':1:'))).toEqual(one.seen.filter((s) => s.includes(':1:')));
    });

    it('stops at maxDeliveries and at untilMs after the running jobs end', async () => {
      const { clock, queue } = setup();
      await queue.push(Array.from({ length: 20 }, () => ({ type: 'x' })));
      const capped = await queue.drain(async () => new Promise((r) => setTimeout(r, 1)), {
        concurrency: 4,
        maxDeliveries: 6,
      });
      expect(capped).toMatchObject({ delivered: 6, stoppedEarly: true, remaining: 14 });
      await queue.drain(async () => undefined);
      await queue.push([{ type: 'late' }], { delaySeconds: 600 });
      const until = await queue.drain(async () => undefined, {
        concurrency: 4,
        untilMs: clock.now() + 60_000,
      });
      expect(until).toMatchObject({ delivered: 0, remaining: 1 });
    });
  });
});

// One test per documented limit (https://developer.atlassian.com/platform/forge/limits-async-events/),
// refused with @forge/events' own class names and messages.
describe('memory queue refusals, shaped like @forge/events', () => {
  const refusal = async (promise: Promise<unknown>) =>
    promise.then(
      () => undefined,
      (e: unknown) => e as Error,
    );

  it('50 events per push', async () => {
    const { queue } = setup();
    await queue.push(Array.from({ length: 50 }, () => ({ type: 'x' })));
    const error = await refusal(queue.push(Array.from({ length: 51 }, () => ({ type: 'x' }))));
    expect(error).toBeInstanceOf(TooManyEventsError);
    expect(error).toMatchObject({
      name: 'TooManyEventsError',
      message: 'This push contains more than the 50 events allowed.',
    });
    expect(queue.pushed).toHaveLength(50);
  });

  it('200 KB per push, 100 KB per event', async () => {
    const { queue } = setup();
    const job = (kb: number) => ({ type: 'x', data: 'x'.repeat(kb * 1024) });
    const error = await refusal(queue.push([job(60), job(60), job(60), job(60)]));
    expect(error).toMatchObject({
      name: 'PayloadTooBigError',
      message: 'The maximum payload size is 200KB.',
    });
    expect(await refusal(queue.push([job(101)]))).toBeInstanceOf(PayloadTooBigError);
    await queue.push([job(60), job(60), job(60)]);
    expect(queue.pushed).toHaveLength(3);
  });

  it('delays of 0 to 900 seconds', async () => {
    const { queue } = setup();
    for (const delaySeconds of [-1, 901, Number.NaN]) {
      const error = await refusal(queue.push([{ type: 'x' }], { delaySeconds }));
      expect(error).toBeInstanceOf(InvalidPushSettingsError);
      expect(error?.message).toBe('The delayInSeconds setting must be between 0 and 900.');
    }
    await queue.push([{ type: 'x' }], { delaySeconds: 900 });
    await queue.push([{ type: 'x' }], { delaySeconds: 0 });
    expect(queue.pushed).toHaveLength(2);
  });

  it('500 events per minute, on the queue clock: a sliding minute by default', async () => {
    const { clock, queue } = setup();
    for (let i = 0; i < 10; i += 1) await queue.push(Array.from({ length: 50 }, () => ({ type: 'x' })));
    const error = await refusal(queue.push([{ type: 'x' }]));
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toBeInstanceOf(QueueRateLimitedError); // what core recognises: retry in a minute
    expect(error).toMatchObject({ name: 'RateLimitError', message: 'Too many requests.', delayMs: 60_000 });
    clock.advance(59_999);
    expect(await refusal(queue.push([{ type: 'x' }]))).toBeInstanceOf(RateLimitError);
    clock.advance(1);
    await queue.push([{ type: 'x' }]);
    expect(queue.pushed).toHaveLength(501);
    expect(queue.refused).toEqual({ RateLimitError: 2 });
  });

  it('500 events per minute: fixed clock minutes when set so', async () => {
    const clock = createFakeClock(Date.UTC(2026, 10, 28, 0, 0, 30));
    const queue = createMemoryQueue({ clock, rateWindow: 'fixed' });
    for (let i = 0; i < 10; i += 1) await queue.push(Array.from({ length: 50 }, () => ({ type: 'x' })));
    expect(await refusal(queue.push([{ type: 'x' }]))).toBeInstanceOf(RateLimitError);
    clock.advance(30_000); // the next clock minute
    await queue.push(Array.from({ length: 50 }, () => ({ type: 'x' })));
  });

  it('1,000 pushes per chain of invocations: a handler chain of 1,000 hops', async () => {
    const { queue } = setup();
    await queue.push([{ type: 'hop', n: 1 }]);
    const stats = await queue.drain(async (job, meta) => {
      expect(meta.chainPush).toBe(job.n);
      await queue.push([{ type: 'hop', n: (job.n as number) + 1 }], { delaySeconds: 1 });
    });
    expect(queue.pushed).toHaveLength(1000);
    expect(new Set(queue.pushed.map((p) => p.chainId)).size).toBe(1);
    // The 1,000th job's push is the 1,001st of the chain: refused, and retried in vain.
    const last = stats.errors.at(-1)?.error;
    expect(last).toBeInstanceOf(InvocationLimitReachedError);
    expect(last).toBeInstanceOf(QueueChainLimitError);
    expect(last).toMatchObject({ message: 'The limit on cyclic invocation has been reached.' });
    expect(stats.deadLettered).toBe(1);
  });

  it('1,000 pushes per chain: one invocation pushing in a loop; a fresh invocation starts anew', async () => {
    const { clock, queue } = setup();
    const error = await queue.invocation(async () => {
      for (let i = 0; i < 1000; i += 1) {
        clock.advance(7_000); // well inside 500 events a minute
        await queue.push([{ type: 'x' }]);
      }
      return refusal(queue.push([{ type: 'x' }]));
    });
    expect(error).toBeInstanceOf(InvocationLimitReachedError);
    expect(queue.pushed).toHaveLength(1000);
    await queue.invocation(() => queue.push([{ type: 'x' }]));
    await queue.push([{ type: 'x' }]); // outside any invocation: a chain of its own
    expect(queue.pushed.slice(-2).map((p) => p.chainPush)).toEqual([1, 1]);
  });
});
