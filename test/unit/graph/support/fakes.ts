// Fakes for the Graph tests: an Http that records requests and plays scripted answers, a frozen
// Clock that records sleeps, and a Log that keeps its events.
import type { Clock, Http, HttpRequestInit, HttpResponse, Log, LogLevel } from '../../../../src/core/ports';

export interface RecordedRequest extends HttpRequestInit {
  url: string;
}

export type Scripted =
  | { status: number; body?: unknown; text?: string; headers?: Record<string, string> }
  | { networkError: string };

export type Route = (request: RecordedRequest) => Scripted | Promise<Scripted>;

export interface FakeHttp extends Http {
  readonly requests: RecordedRequest[];
  /** Answers used in order before the route is consulted. */
  respond(...answers: Scripted[]): FakeHttp;
}

export const json = (status: number, body: unknown, headers: Record<string, string> = {}): Scripted => ({
  status,
  body,
  headers,
});
export const empty = (status = 204, headers: Record<string, string> = {}): Scripted => ({
  status,
  text: '',
  headers,
});
export const networkError = (message = 'socket hang up'): Scripted => ({ networkError: message });

export function toResponse(answer: Exclude<Scripted, { networkError: string }>): HttpResponse {
  const headers = new Map(Object.entries(answer.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  const text = answer.text ?? (answer.body === undefined ? '' : JSON.stringify(answer.body));
  return {
    status: answer.status,
    headers: { get: (name) => headers.get(name.toLowerCase()) ?? null },
    text: async () => text,
  };
}

export function createFakeHttp(route?: Route): FakeHttp {
  const requests: RecordedRequest[] = [];
  const queue: Scripted[] = [];
  const fake: FakeHttp = {
    requests,
    respond(...answers) {
      queue.push(...answers);
      return fake;
    },
    async fetch(url, init) {
      const request = { url, ...init, headers: { ...init.headers } };
      requests.push(request);
      const answer = queue.shift() ?? (route ? await route(request) : undefined);
      if (!answer) throw new Error(`FakeHttp: no answer scripted for ${init.method} ${url}`);
      if ('networkError' in answer) throw new TypeError(answer.networkError);
      return toResponse(answer);
    },
  };
  return fake;
}

export interface FakeClock extends Clock {
  time: number;
  readonly sleeps: number[];
  advance(ms: number): void;
}

/** Frozen time: `now()` moves only through `advance` (or `time = ...`); sleeps are recorded. */
export function createFakeClock(start = Date.UTC(2025, 0, 15, 12, 0, 0)): FakeClock {
  const clock: FakeClock = {
    time: start,
    sleeps: [],
    now: () => clock.time,
    async sleep(ms) {
      clock.sleeps.push(ms);
    },
    advance(ms) {
      clock.time += ms;
    },
  };
  return clock;
}

export interface RecordingLog extends Log {
  readonly events: { level: LogLevel; name: string; fields: Record<string, unknown> }[];
}

export function createRecordingLog(): RecordingLog {
  const events: RecordingLog['events'] = [];
  return { events, event: (level, name, fields = {}) => events.push({ level, name, fields }) };
}
