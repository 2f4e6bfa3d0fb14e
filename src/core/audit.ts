// The audit trail: what the app did, for whom, with what outcome. Newest first (keys sort by an
// inverted timestamp), bounded by count (pruned beyond `auditLimit`) and by age (TTL). Entries
// never hold a secret or a token; callout bodies are kept truncated for investigation.
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

export async function pruneAudit(store: Store, limit: number): Promise<number> {
  const keys = (await scanPrefix(store, PREFIX)).map((entry) => entry.key);
  const extra = keys.slice(limit);
  for (const key of extra) await store.delete(key);
  return extra.length;
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
  const out: AuditEntry[] = [];
  const f = options.filter ?? {};
  const text = f.text?.toLowerCase();
  let cursor: string | undefined;
  do {
    const page = await store.query<AuditEntry>(PREFIX, { limit: MAX_PAGE, cursor });
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
