// Typed calls from a Custom UI page to its resolver through @forge/bridge `invoke`. The registry
// type (src/core/operation.ts) gives each key its input and output types; only types are imported
// from src/, so no server code reaches the bundle. On Forge `invoke` is the real bridge; in the
// sandbox the same bundle talks to sandbox/bridge-standin.js, which sets globalThis.__bridge.
import { invoke } from '@forge/bridge';
import type { InputOf, OperationFailure, OperationResponse, OutputOf } from '../../src/core/operation';

/**
 * `invoke<T>()` is typed `T | { body: T; metadata }` in @forge/bridge 7.2 (the wrapped form only
 * when metadata is passed, which these pages never do): narrow it instead of casting.
 */
export function unwrapInvokeResult<T extends object>(raw: T | { body: T; metadata?: unknown }): T {
  // Our responses always carry `ok`; the wrapper never does.
  if ('body' in raw && !('ok' in raw)) return raw.body;
  return raw as T;
}

function isResponse(value: unknown): value is OperationResponse<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { ok?: unknown }).ok === 'boolean';
}

export interface Client<R> {
  call<K extends keyof R & string>(name: K, input: InputOf<R[K]>): Promise<OperationResponse<OutputOf<R[K]>>>;
}

export function createClient<R>(): Client<R> {
  return {
    async call(name, input) {
      try {
        const raw = unwrapInvokeResult(
          await invoke<OperationResponse<never>>(name, input as Record<string, unknown>),
        );
        if (isResponse(raw)) return raw;
        return failure('bad_response', `The app answered "${name}" in an unexpected shape; reload the page.`);
      } catch (error) {
        return failure(
          'bridge_error',
          `Could not reach the app (${error instanceof Error ? error.message : 'bridge error'}). Reload the page and try again.`,
        );
      }
    },
  };
}

const failure = (code: string, message: string): OperationFailure => ({
  ok: false,
  code,
  message,
  errors: [],
});
