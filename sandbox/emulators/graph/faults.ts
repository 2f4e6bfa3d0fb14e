// Fault injection per tenant (or '*' for all): latency, a token-bucket rate limit answered 429
// with Retry-After, 5xx errors, dropped sockets and truncated JSON. Deterministic with a seed.
// Graph's own behaviour it imitates: learn.microsoft.com/graph/throttling (429 + Retry-After in
// seconds; 503/504 on overload).
import { seededRandom, type Random } from '../shared/ids';

export interface FaultSpec {
  /** Added to each call (overrides the emulator's latencyMs option). */
  latencyMs?: number;
  /** Token bucket refill rate; beyond it 429 with Retry-After computed from the bucket. */
  rateLimitPerSecond?: number;
  /** Bucket capacity (burst); default rateLimitPerSecond. */
  burst?: number;
  /** Force this Retry-After (seconds) on 429s. */
  retryAfterSeconds?: number;
  /** Fraction answered 503 (Retry-After: 1), 500 or 504. */
  errorRate?: number;
  /** Fraction whose socket is destroyed without an answer. */
  dropRate?: number;
  /** Fraction answered 200 with truncated JSON. */
  malformedRate?: number;
  /** Makes the random choices reproducible. */
  seed?: number;
  /** Only these routes ('POST /identityGovernance/...' as in counters.byRoute); default all. */
  routes?: string[];
  /**
   * Drop or truncate AFTER the handler ran (the side effect happened, the answer is lost), as a
   * timed-out POST assignmentRequests would; default false (before).
   */
  afterHandler?: boolean;
}

export type FaultDecision =
  | { kind: 'none' }
  | { kind: 'throttle'; retryAfterSeconds: number }
  | { kind: 'error'; status: 500 | 503 | 504 }
  | { kind: 'drop' }
  | { kind: 'malformed' };

interface ActiveFault {
  spec: FaultSpec;
  random: Random;
  /** One bucket per tenant, also under a '*' spec. */
  buckets: Map<string, { tokens: number; updatedMs: number }>;
}

export interface Faults {
  set(tenantId: string | '*', spec: FaultSpec): void;
  clear(tenantId?: string): void;
}

export class FaultInjector implements Faults {
  private active = new Map<string, ActiveFault>();

  constructor(private readonly now: () => number) {}

  set(tenantId: string, spec: FaultSpec): void {
    this.active.set(tenantId.toLowerCase(), {
      spec,
      random: seededRandom(spec.seed ?? Math.floor(Math.random() * 2 ** 32)),
      buckets: new Map(),
    });
  }

  clear(tenantId?: string): void {
    if (tenantId === undefined) this.active.clear();
    else this.active.delete(tenantId.toLowerCase());
  }

  /** The spec that applies: the tenant's own, else '*'. */
  private lookup(tenantId: string | undefined, route: string): ActiveFault | undefined {
    const fault = (tenantId && this.active.get(tenantId.toLowerCase())) || this.active.get('*');
    if (!fault) return undefined;
    if (fault.spec.routes && !fault.spec.routes.includes(route)) return undefined;
    return fault;
  }

  latencyMs(tenantId: string | undefined, route: string): number | undefined {
    return this.lookup(tenantId, route)?.spec.latencyMs;
  }

  /** Decides, before the handler, whether this call fails. */
  before(tenantId: string | undefined, route: string): FaultDecision {
    const fault = this.lookup(tenantId, route);
    if (!fault) return { kind: 'none' };
    const { spec } = fault;
    if (spec.rateLimitPerSecond !== undefined) {
      const throttled = this.take(
        fault,
        tenantId ?? '',
        spec.rateLimitPerSecond,
        spec.burst ?? spec.rateLimitPerSecond,
      );
      if (throttled !== undefined)
        return { kind: 'throttle', retryAfterSeconds: spec.retryAfterSeconds ?? throttled };
    }
    if (spec.errorRate && fault.random() < spec.errorRate) {
      const pick = fault.random();
      return { kind: 'error', status: pick < 0.5 ? 503 : pick < 0.75 ? 500 : 504 };
    }
    if (!spec.afterHandler) return this.loss(fault);
    return { kind: 'none' };
  }

  /** Decides, after the handler, whether the answer is lost (afterHandler specs only). */
  after(tenantId: string | undefined, route: string): FaultDecision {
    const fault = this.lookup(tenantId, route);
    if (!fault || !fault.spec.afterHandler) return { kind: 'none' };
    return this.loss(fault);
  }

  private loss(fault: ActiveFault): FaultDecision {
    if (fault.spec.dropRate && fault.random() < fault.spec.dropRate) return { kind: 'drop' };
    if (fault.spec.malformedRate && fault.random() < fault.spec.malformedRate) return { kind: 'malformed' };
    return { kind: 'none' };
  }

  /** Takes one token; returns undefined when allowed, else the seconds until a token is back. */
  private take(fault: ActiveFault, tenantId: string, rate: number, capacity: number): number | undefined {
    const nowMs = this.now();
    let bucket = fault.buckets.get(tenantId);
    if (!bucket) {
      bucket = { tokens: capacity, updatedMs: nowMs };
      fault.buckets.set(tenantId, bucket);
    }
    bucket.tokens = Math.min(capacity, bucket.tokens + ((nowMs - bucket.updatedMs) / 1000) * rate);
    bucket.updatedMs = nowMs;
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return undefined;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / rate));
  }
}
