// Every entry under a key prefix, page by page. KVS returns at most 20 per page ("Limit the result
// size to 10 values, up to a maximum of 20":
// https://developer.atlassian.com/platform/forge/runtime-reference/storage-api-query/).
import type { Store } from './ports';

/** The largest page KVS serves: every query in the app asks for at most this many. */
export const MAX_PAGE = 20;

export async function scanPrefix<T>(store: Store, prefix: string): Promise<{ key: string; value: T }[]> {
  const out: { key: string; value: T }[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.query<T>(prefix, { limit: MAX_PAGE, cursor });
    out.push(...page.results);
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}
