import { describe, expect, it } from 'vitest';
import { DEFAULT_START_MS, createFakeClock } from '../../../../sandbox/adapters/fake-clock';
import { createRecordingLog } from '../../../../sandbox/adapters/recording-log';

describe('createFakeClock', () => {
  it('records sleeps and moves time on at once', async () => {
    const clock = createFakeClock();
    expect(clock.now()).toBe(DEFAULT_START_MS);
    await clock.sleep(1500);
    await clock.sleep(0);
    clock.advance(500);
    expect(clock.sleeps).toEqual([1500, 0]);
    expect(clock.now()).toBe(DEFAULT_START_MS + 2000);
  });

  it('never moves backwards and refuses non-finite steps', async () => {
    const clock = createFakeClock(1000);
    await clock.sleep(-50);
    clock.advance(-10);
    expect(clock.now()).toBe(1000);
    expect(clock.sleeps).toEqual([-50]);
    expect(() => clock.advance(Number.NaN)).toThrow(RangeError);
  });

  it('lets concurrent sleepers interleave', async () => {
    const clock = createFakeClock(0);
    const order: string[] = [];
    await Promise.all([
      (async () => {
        await clock.sleep(10);
        order.push(`a@${clock.now()}`);
      })(),
      (async () => {
        order.push(`b@${clock.now()}`);
      })(),
    ]);
    expect(order).toEqual(['b@10', 'a@10']);
  });
});

describe('createRecordingLog', () => {
  it('keeps events in order, filters by name and serialises them', () => {
    const log = createRecordingLog();
    log.event('info', 'queue.pushed', { count: 2 });
    log.event('warn', 'graph.throttled', { retryAfterMs: 1000n });
    log.event('info', 'queue.pushed');
    expect(log.events.map((e) => e.name)).toEqual(['queue.pushed', 'graph.throttled', 'queue.pushed']);
    expect(log.named('queue.pushed')).toEqual([
      { level: 'info', name: 'queue.pushed', fields: { count: 2 } },
      { level: 'info', name: 'queue.pushed', fields: {} },
    ]);
    expect(log.serialized().split('\n')[1]).toBe(
      '{"level":"warn","name":"graph.throttled","fields":{"retryAfterMs":"1000"}}',
    );
    log.clear();
    expect(log.events).toEqual([]);
  });
});
