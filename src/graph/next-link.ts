// `@odata.nextLink` is opaque and followed verbatim (graph-entitlement.md section 4), but only on
// this cloud's Graph under /v1.0: the bearer token goes wherever the link points.
import { GraphMalformedResponseError } from './errors';

/** The link unchanged when it stays on `graphBaseUrl` + /v1.0/, else GraphMalformedResponseError. */
export function checkNextLink(nextLink: string, graphBaseUrl: string, fromPath: string): string {
  const base = new URL(graphBaseUrl);
  const basePath = base.pathname.replace(/\/+$/, '');
  let next: URL | undefined;
  try {
    next = new URL(nextLink);
  } catch {
    next = undefined;
  }
  if (!next || next.origin !== base.origin || !next.pathname.startsWith(`${basePath}/v1.0/`)) {
    throw new GraphMalformedResponseError(
      `Graph GET ${fromPath} returned an @odata.nextLink outside ${base.origin}${basePath}/v1.0; refusing to follow it.`,
      { status: 200, method: 'GET', path: fromPath },
    );
  }
  return nextLink;
}
