// runOperation: the one place where a payload is parsed and an error becomes an answer, for the
// Forge resolvers and the sandbox bridge alike.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { fieldErrorsOf } from '../../../src/config/field-errors';
import { OperationError, operationFor, runOperation } from '../../../src/core/operation';
import { TokenRequestError } from '../../../src/graph/errors';
import { createRecordingLog } from '../../../sandbox/adapters/recording-log';

const op = operationFor<{ n: number }>();
const registry = {
  add: op({ input: z.object({ a: z.number() }).strict(), run: async (deps, input) => deps.n + input.a }),
  refuse: op({
    input: z.object({}),
    run: async () => {
      throw new OperationError('not_found', 'Save it first.', [{ path: 'x', message: 'Unknown.' }]);
    },
  }),
  typed: op({
    input: z.object({}),
    run: async () => {
      throw new TokenRequestError('Token request failed: store the secret again.', {
        reason: 'invalid_secret',
      });
    },
  }),
  crash: op({
    input: z.object({}),
    run: async () => {
      throw new Error('secret=hunter2 leaked in a bug');
    },
  }),
  zod: op({ input: z.object({}), run: async () => z.object({ y: z.string() }).parse({}) }),
};

describe('runOperation', () => {
  it('parses the payload and returns the value', async () => {
    expect(await runOperation(registry, 'add', { a: 2 }, { n: 40 })).toEqual({ ok: true, value: 42 });
  });

  it('answers field errors for a bad payload and an unknown operation by name', async () => {
    expect(await runOperation(registry, 'add', { a: 'x', b: 1 }, { n: 0 })).toEqual({
      ok: false,
      code: 'invalid_input',
      message: '2 problems need fixing before this can be saved.',
      errors: [
        { path: 'a', message: 'Invalid input: expected number, received string' },
        { path: 'b', message: 'Unknown field "b": remove it.' },
      ],
    });
    expect(await runOperation(registry, 'toString', {}, { n: 0 })).toMatchObject({
      ok: false,
      code: 'unknown_operation',
    });
  });

  it('passes refusals and typed errors on with their code, and hides anything else', async () => {
    expect(await runOperation(registry, 'refuse', {}, { n: 0 })).toEqual({
      ok: false,
      code: 'not_found',
      message: 'Save it first.',
      errors: [{ path: 'x', message: 'Unknown.' }],
    });
    expect(await runOperation(registry, 'typed', {}, { n: 0 })).toMatchObject({
      ok: false,
      code: 'token_request_failed',
      message: 'Token request failed: store the secret again.',
    });
    expect(await runOperation(registry, 'zod', {}, { n: 0 })).toMatchObject({
      ok: false,
      code: 'invalid_input',
      errors: [{ path: 'y', message: 'Required.' }],
    });
    const log = createRecordingLog();
    const crash = await runOperation(registry, 'crash', {}, { n: 0 }, log);
    expect(crash).toMatchObject({ ok: false, code: 'internal' });
    expect(JSON.stringify(crash)).not.toContain('hunter2');
    expect(JSON.stringify(log.events)).not.toContain('hunter2');
  });
});

describe('fieldErrorsOf', () => {
  it('puts each unknown key at its own path and says "Required." for a missing value', () => {
    const schema = z.object({ list: z.array(z.object({ id: z.string() }).strict()) });
    const result = schema.safeParse({ list: [{ id: 'a', x: 1, y: 2 }, {}] });
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(fieldErrorsOf(result.error.issues)).toEqual([
      { path: 'list.0.x', message: 'Unknown field "x": remove it.' },
      { path: 'list.0.y', message: 'Unknown field "y": remove it.' },
      { path: 'list.1.id', message: 'Required.' },
    ]);
  });
});
