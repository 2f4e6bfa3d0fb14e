// Every entry under a key prefix, page by page (KVS queries return at most 100 per page).
import type { Store } from './ports';

export async function scanPrefix<T>(store: Store, prefix: string): Promise<{ key: string; value: T }[]> {
  const out: { key: string; value: T }[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.query<T>(prefix, { limit: 100, cursor });
    out.push(...page.results);
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}
