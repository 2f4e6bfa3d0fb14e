// Request counters and a bounded request log, for tests that assert how the app calls Graph
// (e.g. "one GET per poll", "no more than N calls per tenant"). Every request counts, failed,
// throttled and dropped ones included.

export interface Counters {
  total: number;
  /** Key: method and the contract path template, e.g. 'GET /identityGovernance/entitlementManagement/accessPackages'. */
  byRoute: Record<string, number>;
  /** Key: the token's tenant id; '(unauthenticated)' when no valid token came. */
  byTenant: Record<string, number>;
  /** Key: the HTTP status answered ('dropped' for a destroyed socket). */
  byStatus: Record<string, number>;
}

export interface LoggedRequest {
  at: string;
  method: string;
  /** The path as sent (percent-encoded), without the query. */
  path: string;
  /** Decoded query parameters. */
  query: Record<string, string>;
  /** Parsed JSON body, when there was one. */
  body?: unknown;
  tenant?: string;
  route?: string;
  status?: number | 'dropped';
  requestId: string;
  clientRequestId?: string;
}

export const UNAUTHENTICATED = '(unauthenticated)';

export function emptyCounters(): Counters {
  return { total: 0, byRoute: {}, byTenant: {}, byStatus: {} };
}

export function bump(record: Record<string, number>, key: string): void {
  record[key] = (record[key] ?? 0) + 1;
}

export class RequestLog {
  private entries: LoggedRequest[] = [];
  constructor(private readonly limit = 1_000) {}

  add(entry: LoggedRequest): LoggedRequest {
    this.entries.push(entry);
    if (this.entries.length > this.limit) this.entries.splice(0, this.entries.length - this.limit);
    return entry;
  }

  all(): LoggedRequest[] {
    return [...this.entries];
  }

  clear(): void {
    this.entries = [];
  }
}
