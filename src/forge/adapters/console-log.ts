// The Log port for Forge: one JSON line per event on the console, which Forge's log viewer shows
// by level (console.debug/info/warn/error). Callers never log secrets (core/ports.ts); this adapter
// redacts anyway, as defence in depth, and keeps lines short (Forge: 200 KB of logs per invocation).
import type { Log, LogLevel } from '../../core/ports';

/** Field names that may hold a secret: dropped wherever they appear. */
export const SECRET_FIELD = /secret|token|assertion|password|authorization/i;
/** Three base64url parts starting with a JSON header (`{"` = eyJ): a JWT. */
const JWT = /eyJ[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*/g;
const MAX_STRING = 2_000;
const MAX_DEPTH = 6;

function redactString(value: string): string {
  const clean = value.replace(JWT, '[redacted-jwt]');
  return clean.length > MAX_STRING ? `${clean.slice(0, MAX_STRING)}…(${clean.length} chars)` : clean;
}

/** A JSON-safe copy without secret-named fields or JWT-looking strings. */
export function redact(value: unknown, depth = 0, seen: WeakSet<object> = new WeakSet()): unknown {
  if (typeof value === 'string') return redactString(value);
  if (typeof value === 'bigint') return value.toString();
  if (value === null || typeof value !== 'object') {
    return typeof value === 'function' || typeof value === 'symbol' ? undefined : value;
  }
  if (seen.has(value)) return '[circular]';
  if (depth >= MAX_DEPTH) return '[nested]';
  seen.add(value);
  if (value instanceof Error) {
    const code = (value as { code?: unknown }).code;
    return redact(
      { name: value.name, message: value.message, ...(code === undefined ? {} : { code }) },
      depth + 1,
      seen,
    );
  }
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1, seen));
  const out: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(value)) {
    if (SECRET_FIELD.test(name)) continue;
    out[name] = redact(field, depth + 1, seen);
  }
  return out;
}

export interface ConsoleLogOptions {
  /** Where lines go; defaults to console.debug/info/warn/error by level. */
  write?: (level: LogLevel, line: string) => void;
  now?: () => number;
}

const toConsole = (level: LogLevel, line: string) => console[level](line);

export function createConsoleLog(options: ConsoleLogOptions = {}): Log {
  const write = options.write ?? toConsole;
  const now = options.now ?? Date.now;
  return {
    event(level, name, fields) {
      const body = fields === undefined ? {} : (redact(fields) as Record<string, unknown>);
      write(level, JSON.stringify({ ...body, time: new Date(now()).toISOString(), level, event: name }));
    },
  };
}
