// Server-driven paging: a page of `$top` (else the tenant's page size) items and an absolute
// `@odata.nextLink` that repeats the original query plus an opaque `$skiptoken`. Clients must
// follow the link verbatim (graph-entitlement.md section 4); a token used with another query,
// another tenant or after it was forgotten is refused.
import { randomBytes } from 'node:crypto';
import { GraphError } from './errors';

interface Cursor {
  tenantId: string;
  fingerprint: string;
  offset: number;
}

const MAX_CURSORS = 5_000;

export class Pager {
  private cursors = new Map<string, Cursor>();

  /** Where this page starts: 0, or the offset a valid $skiptoken stands for. */
  start(skiptoken: string | undefined, tenantId: string, fingerprint: string): number {
    if (skiptoken === undefined) return 0;
    const cursor = this.cursors.get(skiptoken);
    if (!cursor || cursor.tenantId !== tenantId || cursor.fingerprint !== fingerprint) {
      throw new GraphError(
        400,
        'BadRequest',
        'The $skiptoken is invalid or expired: follow @odata.nextLink exactly as returned.',
      );
    }
    return cursor.offset;
  }

  /** An absolute nextLink for the page after `offset`. */
  nextLink(baseUrl: string, path: string, query: Map<string, string>, cursor: Cursor): string {
    const token = randomBytes(18).toString('base64url');
    if (this.cursors.size >= MAX_CURSORS) this.cursors.delete(this.cursors.keys().next().value as string);
    this.cursors.set(token, cursor);
    const params = [...query].filter(([name]) => name !== '$skiptoken');
    params.push(['$skiptoken', token]);
    // Graph writes system option names with a bare '$'; every value is percent-encoded.
    const parts = params.map(
      ([name, value]) => `${encodeURIComponent(name).replace(/^%24/, '$')}=${encodeURIComponent(value)}`,
    );
    return `${baseUrl}${path}?${parts.join('&')}`;
  }
}

/** Identifies "the same query" across pages: method, path (case-folded) and the other options. */
export function queryFingerprint(method: string, path: string, query: Map<string, string>): string {
  const rest = [...query]
    .filter(([name]) => name !== '$skiptoken')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `${method} ${path.toLowerCase()} ${JSON.stringify(rest)}`;
}
