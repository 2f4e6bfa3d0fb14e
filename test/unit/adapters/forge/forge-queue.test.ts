// vi.mock of @forge/events is allowed here only because Queue.push cannot run outside Forge (it
// calls the runtime's internal fetch, forge-platform.md section 11). The fake applies the same
// validation limits as @forge/events' validators.js, so a chunk the real package would refuse fails.
import { beforeEach, describe, expect, it, vi } from 'vitest';

const fake = vi.hoisted(() => ({
  keys: [] as string[],
  pushes: [] as { body: Record<string, unknown>; delayInSeconds?: number }[][],
  refuseWith: undefined as undefined | 'rate' | 'chain' | 'other',
}));

vi.mock('@forge/events', () => ({
  // @forge/events' classes, as out/errors.js declares them (no name of their own).
  RateLimitError: class RateLimitError extends Error {},
  InvocationLimitReachedError: class InvocationLimitReachedError extends Error {},
  Queue: class {
    private readonly key: string;
    constructor(params: { key: string }) {
      this.key = params.key;
      fake.keys.push(params.key);
    }
    async push(events: { body: Record<string, unknown>; delayInSeconds?: number }[]) {
      if (events.length === 0 || events.length > 50) throw new Error('TooManyEventsError');
      if (Buffer.byteLength(JSON.stringify(events)) / 1024 > 200) throw new Error('PayloadTooBigError');
      for (const e of events)
        if ((e.delayInSeconds ?? 0) < 0 || (e.delayInSeconds ?? 0) > 900)
          throw new Error('InvalidPushSettingsError');
      const events_ = (await import('@forge/events')) as unknown as Record<string, new (m: string) => Error>;
      if (fake.refuseWith === 'rate') throw new events_.RateLimitError!('Too many requests.');
      if (fake.refuseWith === 'chain')
        throw new events_.InvocationLimitReachedError!('The limit on cyclic invocation has been reached.');
      if (fake.refuseWith === 'other') throw new Error('500 Internal Server Error');
      fake.pushes.push(events);
      return { jobId: `${this.key}-${fake.pushes.length}` };
    }
  },
}));

const { chunkEvents, clampDelay, createForgeQueue, MAX_EVENT_BYTES, QueueJobTooLargeError } =
  await import('../../../../src/forge/adapters/forge-queue');

beforeEach(() => {
  fake.keys.length = 0;
  fake.pushes.length = 0;
  fake.refuseWith = undefined;
});

describe('createForgeQueue refusals', () => {
  it('surfaces the rate limit as a retry-later of a minute, the chain limit as its own error', async () => {
    const { QueueChainLimitError, QueueRateLimitedError } =
      await import('../../../../src/core/queue/queue-errors');
    fake.refuseWith = 'rate';
    const rate = await createForgeQueue()
      .push([{ type: 'x' }])
      .catch((e: unknown) => e);
    expect(rate).toBeInstanceOf(QueueRateLimitedError);
    expect(rate).toMatchObject({ code: 'retry_later', delayMs: 60_000 });
    fake.refuseWith = 'chain';
    expect(
      await createForgeQueue()
        .push([{ type: 'x' }])
        .catch((e: unknown) => e),
    ).toBeInstanceOf(QueueChainLimitError);
    fake.refuseWith = 'other';
    expect(
      await createForgeQueue()
        .push([{ type: 'x' }])
        .catch((e: unknown) => (e as Error).message),
    ).toBe('500 Internal Server Error');
  });
});

describe('createForgeQueue', () => {
  it('pushes to work-queue in chunks of at most 50, in order, with the job as the body', async () => {
    const jobs = Array.from({ length: 120 }, (_, i) => ({ type: 'access-request', issueId: String(i) }));
    await createForgeQueue().push(jobs, { delaySeconds: 30 });
    expect(fake.keys).toEqual(['work-queue']);
    expect(fake.pushes.map((p) => p.length)).toEqual([50, 50, 20]);
    expect(fake.pushes.flat().map((e) => e.body.issueId)).toEqual(jobs.map((j) => j.issueId));
    expect(fake.pushes[0]?.[0]).toEqual({
      body: { type: 'access-request', issueId: '0' },
      delayInSeconds: 30,
    });
  });

  it('clamps the delay to 0..900 whole seconds', async () => {
    expect([undefined, -5, 0, 1.2, 899.5, 900, 1000, Number.NaN].map(clampDelay)).toEqual([
      0, 0, 0, 2, 900, 900, 900, 0,
    ]);
    await createForgeQueue().push([{ type: 'follow-up' }], { delaySeconds: 3600 });
    expect(fake.pushes[0]?.[0]?.delayInSeconds).toBe(900);
  });

  it('splits by size so no push exceeds 200 KB', async () => {
    const big = 'x'.repeat(90 * 1024);
    await createForgeQueue().push([1, 2, 3].map((n) => ({ type: 'big', n, big })));
    expect(fake.pushes.map((p) => p.length)).toEqual([2, 1]);
  });

  it('refuses a job over 100 KB before pushing anything', async () => {
    const jobs = [{ type: 'ok' }, { type: 'huge', data: 'x'.repeat(MAX_EVENT_BYTES) }];
    await expect(createForgeQueue().push(jobs)).rejects.toBeInstanceOf(QueueJobTooLargeError);
    expect(fake.pushes).toHaveLength(0);
  });

  it('pushes nothing for no jobs', async () => {
    await createForgeQueue().push([]);
    expect(fake.pushes).toHaveLength(0);
    expect(chunkEvents([])).toEqual([]);
  });
});
