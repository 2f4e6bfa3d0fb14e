// Query strings read the way Graph reads them: RFC 3986 percent-decoding only. A '+' stays a
// literal '+' (it is NOT a space outside application/x-www-form-urlencoded bodies), '%20' is a
// space. graph-entitlement.md section 3: "query values should be percent-encoded as per RFC 3986";
// a raw '+' in `a+b@x.com` is the classic bug this catches.

export interface ParsedQuery {
  /** Decoded name -> decoded value, in order of appearance. */
  params: Map<string, string>;
  /** Names given more than once (Graph answers 400 for a repeated system query option). */
  duplicates: string[];
}

export class QueryStringError extends Error {
  readonly code = 'query_string_invalid' as const;
}

/** Decodes a percent-encoded component strictly; throws on a malformed escape. */
export function decodeComponent(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch (cause) {
    throw new QueryStringError(`Malformed percent-encoding in '${raw.slice(0, 80)}'`, { cause });
  }
}

/** `raw` is the part after '?', without the '#fragment'. */
export function parseQueryString(raw: string): ParsedQuery {
  const params = new Map<string, string>();
  const duplicates: string[] = [];
  const text = raw.startsWith('?') ? raw.slice(1) : raw;
  if (text === '') return { params, duplicates };
  for (const pair of text.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const name = decodeComponent(eq < 0 ? pair : pair.slice(0, eq));
    const value = eq < 0 ? '' : decodeComponent(pair.slice(eq + 1));
    if (params.has(name)) duplicates.push(name);
    else params.set(name, value);
  }
  return { params, duplicates };
}

/** The inverse for tests and for building nextLinks: every value through encodeURIComponent. */
export function formatQueryString(params: Iterable<[string, string]>): string {
  const parts: string[] = [];
  for (const [name, value] of params) parts.push(`${encodeURIComponent(name)}=${encodeURIComponent(value)}`);
  return parts.join('&');
}

/**
 * Splits `a,b($select=x,y),c` at top-level commas: commas inside parentheses or inside a quoted
 * OData string literal ('it''s, fine') do not split ($expand takes nested options).
 */
export function splitTopLevel(value: string, separator = ','): string[] {
  const out: string[] = [];
  let depth = 0;
  let inString = false;
  let start = 0;
  for (let i = 0; i < value.length; i += 1) {
    const ch = value[i];
    if (inString) {
      if (ch === "'") {
        if (value[i + 1] === "'") i += 1;
        else inString = false;
      }
    } else if (ch === "'") inString = true;
    else if (ch === '(') depth += 1;
    else if (ch === ')') depth -= 1;
    else if (ch === separator && depth === 0) {
      out.push(value.slice(start, i));
      start = i + 1;
    }
  }
  out.push(value.slice(start));
  return out.map((part) => part.trim());
}
