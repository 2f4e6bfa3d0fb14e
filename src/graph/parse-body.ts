// A 2xx answer's body through its zod schema; anything else is GraphMalformedResponseError, whose
// message names the failing fields but never their values (they can hold user data).
import type { z } from 'zod';
import { GraphMalformedResponseError } from './errors';

export interface BodyContext {
  status: number;
  requestId?: string;
  method: string;
  /** Without the query. */
  path: string;
}

/** An empty body (204) is parsed as `undefined`, so callers pass z.undefined() or z.unknown(). */
export function parseGraphBody<T>(bodyText: string, schema: z.ZodType<T>, context: BodyContext): T {
  const where = `Graph ${context.method} ${context.path} answered ${context.status}`;
  let json: unknown = undefined;
  if (bodyText.trim() !== '') {
    try {
      json = JSON.parse(bodyText);
    } catch (error) {
      throw new GraphMalformedResponseError(`${where} with a body that is not JSON.`, context, {
        cause: error,
      });
    }
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return parsed.data;
  const fields = [...new Set(parsed.error.issues.map((issue) => issue.path.join('.') || '(root)'))];
  throw new GraphMalformedResponseError(
    `${where} with an unexpected body; fields: ${fields.slice(0, 8).join(', ')}.`,
    context,
  );
}
