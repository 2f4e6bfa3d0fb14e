import { describe, expect, it } from 'vitest';
import type { LogLevel } from '../../../../src/core/ports';
import { createConsoleLog, redact } from '../../../../src/forge/adapters/console-log';

const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl';

function capture() {
  const lines: { level: LogLevel; line: string }[] = [];
  const log = createConsoleLog({
    write: (level, line) => lines.push({ level, line }),
    now: () => Date.UTC(2026, 10, 28),
  });
  return { lines, log };
}

describe('createConsoleLog', () => {
  it('writes one JSON line per event at its level', () => {
    const { lines, log } = capture();
    log.event('warn', 'graph.throttled', { tenantId: 't1', retryAfterMs: 2000 });
    log.event('info', 'started');
    expect(lines).toEqual([
      {
        level: 'warn',
        line: '{"tenantId":"t1","retryAfterMs":2000,"time":"2026-11-28T00:00:00.000Z","level":"warn","event":"graph.throttled"}',
      },
      { level: 'info', line: '{"time":"2026-11-28T00:00:00.000Z","level":"info","event":"started"}' },
    ]);
  });

  it('drops secret-named fields at any depth and masks JWT-looking strings', () => {
    const { lines, log } = capture();
    log.event('error', 'token.failed', {
      clientSecret: 's3cr3t',
      access_token: JWT,
      nested: {
        Authorization: `Bearer ${JWT}`,
        password: 'p',
        ok: 'kept',
        list: [{ assertion: 'a', id: 1 }],
      },
      message: `header was Bearer ${JWT} today`,
    });
    const line = lines[0]?.line ?? '';
    expect(line).not.toMatch(/s3cr3t|eyJ|"p"|"a"/);
    expect(JSON.parse(line)).toMatchObject({
      nested: { ok: 'kept', list: [{ id: 1 }] },
      message: 'header was Bearer [redacted-jwt] today',
    });
  });

  it('serialises errors, cycles, bigints and long strings safely', () => {
    const cyclic: Record<string, unknown> = { name: 'loop' };
    cyclic.self = cyclic;
    const error = Object.assign(new Error(`failed with ${JWT}`), { code: 'graph_unavailable' });
    const out = redact({ error, cyclic, big: 10n, fn: () => 1, long: 'y'.repeat(5000) }) as Record<
      string,
      unknown
    >;
    expect(out.error).toEqual({
      name: 'Error',
      message: 'failed with [redacted-jwt]',
      code: 'graph_unavailable',
    });
    expect(out.cyclic).toEqual({ name: 'loop', self: '[circular]' });
    expect(out.big).toBe('10');
    expect(out.fn).toBeUndefined();
    expect(String(out.long)).toHaveLength(2000 + '…(5000 chars)'.length);
    expect(redact({ a: { b: { c: { d: { e: { f: { g: 1 } } } } } } })).toEqual({
      a: { b: { c: { d: { e: { f: '[nested]' } } } } },
    });
  });

  it('lets the event fields not override time, level or event', () => {
    const { lines, log } = capture();
    log.event('debug', 'real', { event: 'fake', level: 'error' });
    expect(JSON.parse(lines[0]?.line ?? '{}')).toMatchObject({ event: 'real', level: 'debug' });
  });
});
