// Operations the UI calls through @forge/bridge `invoke`: a registry `{ name: { input, run } }`
// that the Forge resolver and the sandbox's stand-in bridge both iterate over (DESIGN.md
// "Layout"). runOperation is the one place where input is parsed and errors become answers, so a
// page sees the same response shape on Forge and in the sandbox. Pure: no platform imports.
import * as z from 'zod';
import { fieldErrorsOf, type FieldError } from '../config/field-errors';
import type { Log } from './ports';

export type { FieldError } from '../config/field-errors';

export interface Operation<D, S extends z.ZodType, O> {
  /** Parses the payload; its issues go back to the page as field errors. */
  input: S;
  run(deps: D, input: z.output<S>): Promise<O>;
}

// `any` on purpose: a registry holds operations of different inputs and outputs.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type OperationsRegistry<D> = Record<string, Operation<D, any, any>>;

/** Declares an operation with its deps type fixed and the rest inferred. */
export const operationFor =
  <D>() =>
  <S extends z.ZodType, O>(op: Operation<D, S, O>): Operation<D, S, O> =>
    op;

export interface OperationFailure {
  ok: false;
  /** A literal code, e.g. invalid_input, not_found, forbidden, token_request_failed. */
  code: string;
  /** What went wrong and what to do next. */
  message: string;
  /** Problems at fields of the input (empty when the failure is not about one field). */
  errors: FieldError[];
}

export type OperationResponse<T> = { ok: true; value: T } | OperationFailure;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type InputOf<O> = O extends Operation<any, infer S, any> ? z.input<S> : never;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type OutputOf<O> = O extends Operation<any, any, infer R> ? R : never;

/** A refusal an operation raises on purpose: the message says what to do next. */
export class OperationError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly errors: FieldError[] = [],
  ) {
    super(message);
    this.name = 'OperationError';
  }
}

export function invalidInput(errors: FieldError[]): OperationFailure {
  const n = errors.length;
  return {
    ok: false,
    code: 'invalid_input',
    message: `${n} ${n === 1 ? 'problem needs' : 'problems need'} fixing before this can be saved.`,
    errors,
  };
}

function hasCode(error: unknown): error is Error & { code: string } {
  return error instanceof Error && typeof (error as { code?: unknown }).code === 'string';
}

export async function runOperation<D>(
  registry: OperationsRegistry<D>,
  name: string,
  payload: unknown,
  deps: D,
  log?: Log,
): Promise<OperationResponse<unknown>> {
  const op = Object.hasOwn(registry, name) ? registry[name] : undefined;
  if (!op)
    return { ok: false, code: 'unknown_operation', message: `There is no operation "${name}".`, errors: [] };
  const parsed = op.input.safeParse(payload ?? {});
  if (!parsed.success) return invalidInput(fieldErrorsOf(parsed.error.issues));
  try {
    return { ok: true, value: await op.run(deps, parsed.data) };
  } catch (error) {
    if (error instanceof z.ZodError) return invalidInput(fieldErrorsOf(error.issues));
    if (error instanceof OperationError)
      return { ok: false, code: error.code, message: error.message, errors: error.errors };
    // Typed errors (AccessBridgeError and its kin) carry messages written for the admin, never a
    // secret or a token (src/graph/errors.ts).
    if (hasCode(error)) return { ok: false, code: error.code, message: error.message, errors: [] };
    log?.event('error', 'operation.failed', {
      operation: name,
      error: error instanceof Error ? error.name : typeof error,
    });
    return {
      ok: false,
      code: 'internal',
      message: `"${name}" failed unexpectedly. Try again; if it keeps failing, check the app's logs.`,
      errors: [],
    };
  }
}
