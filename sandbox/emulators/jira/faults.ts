// Fault injection, counters and the request log. Random faults come from a seeded PRNG
// (mulberry32) so a failing test replays the same sequence; `failNext` queues exact failures.
import { seededRandom } from '../shared/ids';

export interface FaultSettings {
  /** Share of requests answered 500 before they are handled (no side effect). */
  errorRate?: number;
  /** Requests allowed per one-second window (emulator clock); beyond it 429 with Retry-After. */
  rateLimitPerSecond?: number;
  /** Share of requests whose connection is cut before they are handled. */
  dropRate?: number;
  /** Share of requests handled (the change happens) whose response is then lost. */
  lostResponseRate?: number;
  /** Share of requests answered 200 with a body that is not JSON. */
  malformedRate?: number;
  /** Added delay per request, real milliseconds. */
  latencyMs?: number;
  /** PRNG seed (default 1). */
  seed?: number;
  /** Only these route names are affected (e.g. 'POST /rest/api/3/issue/{issueIdOrKey}/comment'). */
  routes?: string[];
}

export interface QueuedFailure {
  /** Route name; any route when omitted. */
  route?: string;
  status: number;
  /** How many matching requests fail (default 1). */
  count?: number;
  /** Sent as Retry-After (seconds). */
  retryAfterSeconds?: number;
  body?: unknown;
}

export interface RouteCounter {
  requests: number;
  /** Requests answered by an injected fault. */
  faults: number;
  byStatus: Record<number, number>;
}

export interface LoggedRequest {
  at: number;
  method: string;
  /** Path as sent (percent-encoded), without the query. */
  path: string;
  query: Record<string, string>;
  route: string;
  status: number;
  body?: unknown;
  fault?: string;
}

export type FaultDecision =
  | { kind: 'none' }
  | { kind: 'respond'; status: number; body: unknown; headers?: Record<string, string>; fault: string }
  | { kind: 'drop' }
  | { kind: 'malformed' };

export class Faults {
  private settings: FaultSettings = {};
  private random = seededRandom(1);
  private queue: QueuedFailure[] = [];
  private window = { start: 0, count: 0 };
  readonly counters: Record<string, RouteCounter> = {};
  readonly log: LoggedRequest[] = [];

  constructor(
    private readonly now: () => number,
    initialLatencyMs = 0,
  ) {
    this.settings = { latencyMs: initialLatencyMs };
  }

  /** Replaces the settings (and reseeds). */
  set(settings: FaultSettings): void {
    this.settings = { ...settings };
    this.random = seededRandom(settings.seed ?? 1);
    this.window = { start: 0, count: 0 };
  }

  reset(): void {
    this.set({});
    this.queue = [];
  }

  failNext(failure: QueuedFailure): void {
    this.queue.push({ ...failure, count: failure.count ?? 1 });
  }

  get latencyMs(): number {
    return this.settings.latencyMs ?? 0;
  }

  private applies(route: string): boolean {
    return !this.settings.routes || this.settings.routes.includes(route);
  }

  /** Decides, before handling, whether this request meets a fault. */
  before(route: string): FaultDecision {
    const queued = this.queue.find((q) => !q.route || q.route === route);
    if (queued) {
      queued.count = (queued.count ?? 1) - 1;
      if (queued.count <= 0) this.queue.splice(this.queue.indexOf(queued), 1);
      const headers =
        queued.retryAfterSeconds !== undefined
          ? { 'retry-after': String(queued.retryAfterSeconds) }
          : undefined;
      return {
        kind: 'respond',
        status: queued.status,
        body: queued.body ?? { errorMessages: [`Injected failure ${queued.status}`], errors: {} },
        headers,
        fault: 'queued',
      };
    }
    if (!this.applies(route)) return { kind: 'none' };
    const s = this.settings;
    if (s.rateLimitPerSecond !== undefined) {
      const now = this.now();
      if (now - this.window.start >= 1000) this.window = { start: now, count: 0 };
      this.window.count++;
      if (this.window.count > s.rateLimitPerSecond) {
        const waitSeconds = Math.max(1, Math.ceil((this.window.start + 1000 - now) / 1000));
        return {
          kind: 'respond',
          status: 429,
          fault: 'rate_limit',
          body: { errorMessages: ['Rate limit exceeded.'], errors: {} },
          headers: {
            'retry-after': String(waitSeconds),
            'x-ratelimit-limit': String(s.rateLimitPerSecond),
            'x-ratelimit-remaining': '0',
          },
        };
      }
    }
    if (s.dropRate && this.random() < s.dropRate) return { kind: 'drop' };
    if (s.errorRate && this.random() < s.errorRate) {
      return {
        kind: 'respond',
        status: 500,
        body: { errorMessages: ['Internal server error'], errors: {} },
        fault: 'error',
      };
    }
    if (s.malformedRate && this.random() < s.malformedRate) return { kind: 'malformed' };
    return { kind: 'none' };
  }

  /** After handling: whether the response is lost (the change already happened). */
  loseResponse(route: string): boolean {
    const rate = this.settings.lostResponseRate;
    return !!rate && this.applies(route) && this.random() < rate;
  }

  record(entry: LoggedRequest): void {
    this.log.push(entry);
    const counter = (this.counters[entry.route] ??= { requests: 0, faults: 0, byStatus: {} });
    counter.requests++;
    if (entry.fault) counter.faults++;
    counter.byStatus[entry.status] = (counter.byStatus[entry.status] ?? 0) + 1;
  }
}
