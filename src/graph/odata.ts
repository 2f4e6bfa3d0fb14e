// OData URL building for Graph. Query values "should be percent-encoded as per RFC 3986"
// (https://learn.microsoft.com/graph/query-parameters): encodeURIComponent writes space as %20 and
// `+` as %2B. Never URLSearchParams, which writes space as `+` (graph-entitlement.md section 3).

/** An OData string literal: single quotes doubled, wrapped in single quotes (`O'Neil` -> `'O''Neil'`). */
export function odataLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/**
 * One path segment, percent-encoded (`#` -> %23, `/` -> %2F, space -> %20, never `+`). Empty and
 * dot segments are refused: URL parsers resolve `..` (even as `%2E%2E`), which would call
 * another resource.
 */
export function encodePathSegment(segment: string): string {
  if (segment === '' || segment === '.' || segment === '..')
    throw new RangeError(`Not a usable path segment: "${segment}".`);
  return encodeURIComponent(segment);
}

// OData system query options (`$filter`, `$select`, ...) and plain names stay readable; anything
// else in a NAME is encoded like a value.
const PLAIN_NAME = /^\$?[A-Za-z][A-Za-z0-9_.-]*$/;

/**
 * `?name=value&...` in insertion order, every value encoded with encodeURIComponent (it leaves
 * `'()*!` raw, which Graph reads literally). Empty string for no parameters.
 */
export function encodeQuery(params: Record<string, string>): string {
  const parts = Object.entries(params).map(([name, value]) => {
    const encodedName = PLAIN_NAME.test(name) ? name : encodeURIComponent(name);
    return `${encodedName}=${encodeURIComponent(value)}`;
  });
  return parts.length === 0 ? '' : `?${parts.join('&')}`;
}

/**
 * Path of one user by object id or userPrincipalName, relative to `/v1.0`.
 * - Guest UPNs (`a_b.com#EXT#@t.onmicrosoft.com`): `#` must be %23 or it starts a fragment.
 * - `@` is a legal path character (RFC 3986 pchar) and Graph's own examples leave it raw.
 * - A UPN starting with `$` is read as a system segment (`/users/$x@y.com` -> 400); Graph takes
 *   the key form `/users('$x@y.com')` instead (https://learn.microsoft.com/graph/api/user-get).
 */
export function userPath(idOrUpn: string): string {
  if (idOrUpn.startsWith('$')) {
    return `/users(${keepPchars(encodeURIComponent(odataLiteral(idOrUpn)))})`;
  }
  return `/users/${keepPchars(encodePathSegment(idOrUpn))}`;
}

// `@` and `$` are RFC 3986 pchars (sub-delims / "@"); restoring them keeps paths as Graph's docs
// write them. Decoding either form gives the same string.
function keepPchars(encoded: string): string {
  return encoded.replace(/%40/g, '@').replace(/%24/g, '$');
}
