// Walks a JSM paged list (`start`/`limit`, stop at `isLastPage`), e.g.
// GET /rest/servicedeskapi/organization (forge-platform.md section 9).
import type { z } from 'zod';
import type { Jira } from '../core/ports';
import { jiraCall } from './call';
import { withQuery, type QueryValue } from './path';
import { jsmPageSchema } from './schemas';

/** JSM's documented maximum page size for these lists is 50. */
export const JSM_PAGE_LIMIT = 50;
/** A server that never says isLastPage must not keep us looping. */
const MAX_PAGES = 1000;

export async function collectJsmPages<T extends z.ZodType>(
  jira: Jira,
  path: string,
  query: Record<string, QueryValue>,
  item: T,
): Promise<z.infer<T>[]> {
  const schema = jsmPageSchema(item);
  const all: z.infer<T>[] = [];
  let start = 0;
  for (let page = 0; page < MAX_PAGES; page++) {
    const { data } = await jiraCall(
      jira,
      'GET',
      withQuery(path, { ...query, start, limit: JSM_PAGE_LIMIT }),
      schema,
    );
    all.push(...(data.values as z.infer<T>[]));
    if (data.isLastPage || data.values.length === 0) return all;
    start += data.values.length;
  }
  return all;
}
