// The audit trail: what the app did, for whom, with what outcome. Newest first (keys sort by an
// inverted timestamp), bounded by count (pruned beyond `auditLimit` per kind, so callouts never
// push admin entries out) and by age (TTL). Entries never hold a secret or a token; callout
// bodies are kept truncated for investigation.
//
// Calls anyone on the internet can make (a refused web-trigger call) are not written one by one:
// they would cost a KVS write each and, ~`auditLimit` of them, push every real entry out. They are
// counted instead, in one rolled-up entry per tenant, action and hour (`countRefused`), kept under
// their own prefix: never pruned by count, so they push nothing out and nothing pushes them out.
import { randomUUID } from 'node:crypto';
import type { Clock, Store } from './ports';
import { MAX_PAGE, scanPrefix } from './scan-prefix';

export interface AuditEntry {
  at: string;
  kind: 'ticket' | 'callout' | 'admin';
  /** Issue key, callout stage instance id, or what the admin touched. */
  ref: string;
  tenantId?: string;
  action: string;
  outcome: 'ok' | 'refused' | 'failed' | 'ignored' | 'duplicate';
  durationMs?: number;
  detail?: string;
  /** A rolled-up entry: how many calls it stands for, from `firstAt` to `at`. */
  count?: number;
  firstAt?: string;
  /** A rolled-up entry's calls by reason. */
  reasons?: Record<string, number>;
}

const PREFIX = 'audit:';
const MAX_TIME = 9_999_999_999_999;
const TTL_SECONDS = 90 * 24 * 3600;
const DETAIL_LIMIT = 4_000;

/**
 * Appends one entry. Cheap on purpose (one write): it runs on the web trigger's path. The trail
 * is pruned to `auditLimit` by the hourly schedule (sweep-follow-ups.ts), and entries expire.
 */
export async function appendAudit(
  deps: { store: Store; clock: Clock },
  entry: Omit<AuditEntry, 'at'>,
): Promise<void> {
  const now = deps.clock.now();
  const key = `${PREFIX}${String(MAX_TIME - now).padStart(13, '0')}:${randomUUID().slice(0, 8)}`;
  const detail =
    entry.detail && entry.detail.length > DETAIL_LIMIT
      ? `${entry.detail.slice(0, DETAIL_LIMIT)}…`
      : entry.detail;
  await deps.store.set(
    key,
    { ...entry, detail, at: new Date(now).toISOString() },
    { ttlSeconds: TTL_SECONDS },
  );
}

/** Keeps the newest `limit` entries of each kind: a flood of one kind never erases another. */
export async function pruneAudit(store: Store, limit: number): Promise<number> {
  const seen = new Map<string, number>();
  let pruned = 0;
  for (const { key, value } of await scanPrefix<AuditEntry>(store, PREFIX)) {
    const kind = value?.kind ?? 'unknown';
    const n = (seen.get(kind) ?? 0) + 1;
    seen.set(kind, n);
    if (n > limit) {
      await store.delete(key);
      pruned++;
    }
  }
  return pruned;
}

const ROLLUP_PREFIX = 'audit-rollup:';
const HOUR_MS = 3600_000;
const ROLLUP_TTL_SECONDS = 30 * 24 * 3600;
const MAX_REASONS = 20;

type Rollup = AuditEntry & Required<Pick<AuditEntry, 'count' | 'firstAt' | 'reasons'>>;

/**
 * Counts one refused call in its tenant's rolled-up entry for this hour: one read and one write,
 * nothing else. `tenantId` must be a configured tenant or undefined (an invented tenant id must
 * not make a new entry). Concurrent calls may lose an increment (KVS has no atomic add): the count
 * is a lower bound, which is what an admin needs to see a flood.
 */
export async function countRefused(
  deps: { store: Store; clock: Clock },
  entry: { tenantId?: string; action: string; outcome: 'refused' | 'failed'; reason: string },
): Promise<void> {
  const now = deps.clock.now();
  const hour = Math.floor(now / HOUR_MS) * HOUR_MS;
  const key = `${ROLLUP_PREFIX}${String(MAX_TIME - hour).padStart(13, '0')}:${entry.tenantId ?? 'unknown'}:${entry.action}`;
  const known = await deps.store.get<Rollup>(key);
  const reasons = { ...known?.reasons };
  const reason = entry.reason.slice(0, 120);
  if (Object.hasOwn(reasons, reason) || Object.keys(reasons).length < MAX_REASONS)
    reasons[reason] = (reasons[reason] ?? 0) + 1;
  else reasons.other = (reasons.other ?? 0) + 1;
  const count = (known?.count ?? 0) + 1;
  const rollup: Rollup = {
    kind: 'callout',
    ref: `${count} call${count === 1 ? '' : 's'}`,
    ...(entry.tenantId ? { tenantId: entry.tenantId } : {}),
    action: entry.action,
    outcome: entry.outcome,
    count,
    firstAt: known?.firstAt ?? new Date(now).toISOString(),
    at: new Date(now).toISOString(),
    reasons,
    detail: `${count} ${entry.outcome} in the hour from ${new Date(hour).toISOString().slice(11, 16)} UTC${entry.tenantId ? '' : ' (no configured tenant named)'}: ${Object.entries(
      reasons,
    )
      .sort((a, b) => b[1] - a[1])
      .map(([r, n]) => `${r} ×${n}`)
      .join('; ')}`,
  };
  await deps.store.set(key, rollup, { ttlSeconds: ROLLUP_TTL_SECONDS });
}

export interface AuditFilter {
  kind?: AuditEntry['kind'];
  outcome?: AuditEntry['outcome'];
  tenantId?: string;
  /** Case-insensitive text found in ref, action or detail. */
  text?: string;
}

export async function listAudit(
  store: Store,
  options: { limit: number; filter?: AuditFilter },
): Promise<AuditEntry[]> {
  const [entries, rollups] = await Promise.all([
    listPrefix(store, PREFIX, options),
    listPrefix(store, ROLLUP_PREFIX, options),
  ]);
  if (rollups.length === 0) return entries;
  // Both lists are newest first; rolled-up entries sort by their last call.
  return [...entries, ...rollups]
    .sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0))
    .slice(0, options.limit);
}

async function listPrefix(
  store: Store,
  prefix: string,
  options: { limit: number; filter?: AuditFilter },
): Promise<AuditEntry[]> {
  const out: AuditEntry[] = [];
  const f = options.filter ?? {};
  const text = f.text?.toLowerCase();
  let cursor: string | undefined;
  do {
    const page = await store.query<AuditEntry>(prefix, { limit: MAX_PAGE, cursor });
    for (const { value } of page.results) {
      if (f.kind && value.kind !== f.kind) continue;
      if (f.outcome && value.outcome !== f.outcome) continue;
      if (f.tenantId && value.tenantId !== f.tenantId) continue;
      if (text && ![value.ref, value.action, value.detail ?? ''].some((s) => s.toLowerCase().includes(text)))
        continue;
      out.push(value);
      if (out.length >= options.limit) return out;
    }
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}
