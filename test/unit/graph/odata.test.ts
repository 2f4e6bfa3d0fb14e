import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodePathSegment, encodeQuery, odataLiteral, userPath } from '../../../src/graph/odata';

/**
 * Strict RFC 3986 query parsing, the way Graph reads a query: split on `&` and the first `=`,
 * percent-decode, and a raw `+` stays a literal plus (it means space only in form bodies).
 */
function parseStrictQuery(query: string): Map<string, string> {
  const params = new Map<string, string>();
  const text = query.startsWith('?') ? query.slice(1) : query;
  if (text === '') return params;
  for (const pair of text.split('&')) {
    const eq = pair.indexOf('=');
    params.set(
      decodeURIComponent(eq < 0 ? pair : pair.slice(0, eq)),
      eq < 0 ? '' : decodeURIComponent(pair.slice(eq + 1)),
    );
  }
  return params;
}

/** Reads an OData string literal back: outer quotes off, `''` -> `'`; throws on a lone quote. */
function readLiteral(literal: string): string {
  expect(literal.startsWith("'") && literal.endsWith("'") && literal.length >= 2).toBe(true);
  const inner = literal.slice(1, -1);
  expect(inner.replace(/''/g, '')).not.toContain("'");
  return inner.replace(/''/g, "'");
}

const tricky = fc.constantFrom(
  "'",
  '+',
  '&',
  '#',
  '%',
  '/',
  '?',
  ' ',
  '=',
  '$',
  '@',
  '%20',
  '%2B',
  'é',
  'Ж',
  '中文',
  '😀',
  '👩‍👩‍👧',
  'a',
  'Z',
  '9',
);
const names = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: tricky, maxLength: 20 }),
  fc
    .array(fc.oneof(fc.string({ unit: 'grapheme', maxLength: 5 }), tricky), { maxLength: 12 })
    .map((parts) => parts.join('')),
);
const RUNS = { numRuns: 1000 };
const EXAMPLES = [
  'Sales & Marketing',
  "O'Brien's Team",
  'R+D Lab',
  'a+b@x.com',
  '100% #1 / best?',
  'Ventes été 😀',
  "''",
];

describe('odataLiteral', () => {
  it('doubles single quotes and wraps the value', () => {
    expect(odataLiteral("O'Neil")).toBe("'O''Neil'");
    expect(odataLiteral('')).toBe("''");
    expect(odataLiteral("''")).toBe("''''''");
  });

  it('reads back to the original string for any input', () => {
    fc.assert(
      fc.property(names, (value) => {
        expect(readLiteral(odataLiteral(value))).toBe(value);
      }),
      RUNS,
    );
  });
});

describe('encodeQuery', () => {
  it('encodes spaces as %20 and plus as %2B, never +', () => {
    expect(encodeQuery({ $filter: "displayName eq 'R+D Lab'" })).toBe(
      "?$filter=displayName%20eq%20'R%2BD%20Lab'",
    );
    expect(encodeQuery({ $filter: "displayName eq 'Sales & Marketing'", $select: 'id,displayName' })).toBe(
      "?$filter=displayName%20eq%20'Sales%20%26%20Marketing'&$select=id%2CdisplayName",
    );
    expect(encodeQuery({})).toBe('');
  });

  it('a strict RFC 3986 parser gets back exactly the filter, for any display name', () => {
    fc.assert(
      fc.property(names, (name) => {
        const filter = `displayName eq ${odataLiteral(name)}`;
        const query = encodeQuery({ $filter: filter, $select: 'id,displayName' });
        const parsed = parseStrictQuery(query);
        expect([...parsed.keys()]).toEqual(['$filter', '$select']);
        expect(parsed.get('$filter')).toBe(filter);
        expect(readLiteral(parsed.get('$filter')!.slice('displayName eq '.length))).toBe(name);
      }),
      RUNS,
    );
  });

  it('never leaves a raw space, +, &, #, ? or stray % in an encoded value', () => {
    fc.assert(
      fc.property(names, names, (a, b) => {
        const query = encodeQuery({ $filter: `mail eq ${odataLiteral(a)}`, other: b });
        for (const pair of query.slice(1).split('&')) {
          const value = pair.slice(pair.indexOf('=') + 1);
          expect(value).not.toMatch(/[ +&#?=]/);
          expect(value).not.toMatch(/%(?![0-9A-F]{2})/);
          expect(value).toMatch(/^[A-Za-z0-9\-_.!~*'()%]*$/);
        }
      }),
      RUNS,
    );
  });

  it.each(EXAMPLES)('round-trips %j', (name) => {
    const filter = `displayName eq ${odataLiteral(name)}`;
    expect(parseStrictQuery(encodeQuery({ $filter: filter })).get('$filter')).toBe(filter);
  });

  // Jira Automation's {{...urlEncode}} (URLSearchParams style) writes a space as '+'. Graph reads
  // '+' literally, so the filter it sees is not the one that was meant.
  it.each(['Sales & Marketing', 'R+D Lab', "O'Brien's Team"])(
    'URLSearchParams-style encoding of %j decodes to a different filter',
    (name) => {
      const filter = `displayName eq ${odataLiteral(name)}`;
      const formStyle = `?${new URLSearchParams({ $filter: filter }).toString()}`;
      expect(parseStrictQuery(formStyle).get('$filter')).not.toBe(filter);
      expect(parseStrictQuery(encodeQuery({ $filter: filter })).get('$filter')).toBe(filter);
    },
  );
});

describe('encodePathSegment', () => {
  it('refuses empty and dot segments, which would change the path', () => {
    for (const bad of ['', '.', '..']) expect(() => encodePathSegment(bad)).toThrow(RangeError);
    expect(() => userPath('..')).toThrow(RangeError);
  });

  it('keeps a segment a single segment whatever it holds', () => {
    fc.assert(
      fc.property(names, (value) => {
        fc.pre(!['', '.', '..'].includes(value));
        const encoded = encodePathSegment(value);
        expect(encoded).not.toMatch(/[/?# +&]/);
        expect(decodeURIComponent(encoded)).toBe(value);
      }),
      RUNS,
    );
  });
});

describe('userPath', () => {
  it('uses the object id or UPN as one segment', () => {
    expect(userPath('46184453-e63b-4f20-86c2-c557ed5d5df9')).toBe(
      '/users/46184453-e63b-4f20-86c2-c557ed5d5df9',
    );
    expect(userPath('adele@contoso.com')).toBe('/users/adele@contoso.com');
    expect(userPath('a+b@contoso.com')).toBe('/users/a%2Bb@contoso.com');
  });

  it('encodes # of guest UPNs as %23', () => {
    expect(userPath('a_b.com#EXT#@contoso.onmicrosoft.com')).toBe(
      '/users/a_b.com%23EXT%23@contoso.onmicrosoft.com',
    );
  });

  it("uses the key form /users('...') for a UPN starting with $", () => {
    expect(userPath('$x@y.com')).toBe("/users('$x@y.com')");
    expect(userPath("$o'neil@y.com")).toBe("/users('$o''neil@y.com')");
  });

  it('decodes back to the identifier for any input', () => {
    fc.assert(
      fc.property(names, (value) => {
        fc.pre(!['', '.', '..'].includes(value));
        const path = userPath(value);
        expect(path.replace(/^\/users/, '')).not.toMatch(/[?# ]|\/.*\//);
        if (value.startsWith('$')) {
          expect(path).toMatch(/^\/users\('.*'\)$/);
          expect(readLiteral(decodeURIComponent(path.slice('/users('.length, -1)))).toBe(value);
        } else {
          expect(decodeURIComponent(path.slice('/users/'.length))).toBe(value);
        }
      }),
      RUNS,
    );
  });
});
