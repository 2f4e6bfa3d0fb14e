// Routes of the emulated REST API: a path template per route (its name, used by faults and
// counters), matched segment by segment; literal segments beat parameters. Segments are split
// before decoding, so an encoded '/' (%2F) stays inside its segment as on Jira.
import type { AdfValidator } from './adf';
import type { JiraSite } from './site';

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';

export interface RequestContext {
  method: Method;
  params: Record<string, string>;
  query: URLSearchParams;
  /** Parsed JSON body, undefined when there was none. */
  body: unknown;
  site: JiraSite;
  adf: AdfValidator;
}

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface Route {
  method: Method;
  pattern: string;
  name: string;
  handler: (ctx: RequestContext) => Reply;
}

export function route(method: Method, pattern: string, handler: (ctx: RequestContext) => Reply): Route {
  return { method, pattern, name: `${method} ${pattern}`, handler };
}

export type RouteMatch =
  | { kind: 'found'; route: Route; params: Record<string, string> }
  | { kind: 'method-not-allowed'; pattern: string }
  | { kind: 'not-found' }
  | { kind: 'bad-encoding' };

export function matchRoute(routes: readonly Route[], method: string, path: string): RouteMatch {
  let segments: string[];
  try {
    segments = path.split('/').filter(Boolean).map(decodeURIComponent);
  } catch {
    return { kind: 'bad-encoding' };
  }
  let best: { route: Route; params: Record<string, string>; literals: number } | undefined;
  let otherMethod: string | undefined;
  for (const r of routes) {
    const parts = r.pattern.split('/').filter(Boolean);
    if (parts.length !== segments.length) continue;
    const params: Record<string, string> = {};
    let literals = 0;
    const ok = parts.every((part, i) => {
      const value = segments[i] as string;
      const param = /^\{(\w+)\}$/.exec(part);
      if (param) {
        params[param[1] as string] = value;
        return true;
      }
      literals++;
      return part === value;
    });
    if (!ok) continue;
    if (r.method !== method) {
      otherMethod = r.pattern;
      continue;
    }
    if (!best || literals > best.literals) best = { route: r, params, literals };
  }
  if (best) return { kind: 'found', route: best.route, params: best.params };
  if (otherMethod) return { kind: 'method-not-allowed', pattern: otherMethod };
  return { kind: 'not-found' };
}

/** Jira's error body: `{ errorMessages: [...], errors: { field: message } }`. */
export function jiraError(
  status: number,
  errorMessages: string[],
  errors: Record<string, string> = {},
): Reply {
  return { status, body: { errorMessages, errors } };
}

/** JSM's error body: `{ errorMessage, i18nErrorMessage }`. */
export function jsmError(status: number, errorMessage: string): Reply {
  return {
    status,
    body: { errorMessage, i18nErrorMessage: { i18nKey: 'sd.emulator.error', parameters: [] } },
  };
}

export const ISSUE_NOT_FOUND = 'Issue does not exist or you do not have permission to see it.';

export function issueNotFound(): Reply {
  return jiraError(404, [ISSUE_NOT_FOUND]);
}

/** A JSON object (not an array, not null), else undefined. */
export function asObject(value: unknown): Record<string, unknown> | undefined {
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** Integer query parameter with a default; NaN for a value that is not an integer. */
export function intParam(query: URLSearchParams, name: string, fallback: number): number {
  const raw = query.get(name);
  if (raw === null || raw === '') return fallback;
  return /^-?\d+$/.test(raw) ? Number(raw) : Number.NaN;
}
