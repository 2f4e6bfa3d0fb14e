import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  FilterSyntaxError,
  matchesFilter,
  odataLiteral,
  parseFilter,
  usesAdvancedOperators,
} from '../../../sandbox/emulators/graph/odata-filter';
import { formatQueryString, parseQueryString } from '../../contracts/query-string';

const user = {
  id: '7deff43e-1f17-44ef-9e5f-d516b0ba11d4',
  displayName: "Dana O'Neil",
  userPrincipalName: 'dana@contoso.com',
  mail: 'dana@contoso.com',
  otherMails: ['dana@fabrikam.com', 'd.oneil@example.org'],
  userType: 'Member',
  accountEnabled: true,
  target: { objectId: '46184453-e63b-4f20-86c2-c557ed5d5df9' },
  accessPackage: { id: 'a914b616-e04e-476b-aa37-91038f0b165b', displayName: 'Sales App' },
  specificAllowedTargets: [{ groupId: 'g1' }, { groupId: 'g2' }],
};
const ci = { caseInsensitive: () => true };

describe('parseFilter', () => {
  it('parses comparison, logic and precedence (and binds tighter than or)', () => {
    expect(parseFilter("a eq 'x' or b eq 'y' and c eq 'z'")).toEqual({
      kind: 'or',
      left: {
        kind: 'compare',
        op: 'eq',
        left: { kind: 'path', segments: ['a'] },
        right: { kind: 'literal', type: 'string', value: 'x' },
      },
      right: {
        kind: 'and',
        left: {
          kind: 'compare',
          op: 'eq',
          left: { kind: 'path', segments: ['b'] },
          right: { kind: 'literal', type: 'string', value: 'y' },
        },
        right: {
          kind: 'compare',
          op: 'eq',
          left: { kind: 'path', segments: ['c'] },
          right: { kind: 'literal', type: 'string', value: 'z' },
        },
      },
    });
  });

  it('reads GUID, boolean, null, number and DateTimeOffset literals', () => {
    const guid = parseFilter('id eq 7deff43e-1f17-44ef-9e5f-d516b0ba11d4');
    expect(guid).toMatchObject({ right: { type: 'guid', value: '7deff43e-1f17-44ef-9e5f-d516b0ba11d4' } });
    expect(parseFilter('accountEnabled eq true')).toMatchObject({ right: { type: 'boolean', value: true } });
    expect(parseFilter('mail eq null')).toMatchObject({ right: { type: 'null', value: null } });
    expect(parseFilter('n ge -12.5')).toMatchObject({ right: { type: 'number', value: -12.5 } });
    expect(parseFilter('createdDateTime ge 2024-01-01T00:00:00Z')).toMatchObject({
      right: { type: 'datetime' },
    });
  });

  it('parses navigation paths, functions and lambdas', () => {
    expect(parseFilter("accessPackage/id eq 'x'")).toMatchObject({
      left: { kind: 'path', segments: ['accessPackage', 'id'] },
    });
    expect(parseFilter("contains(tolower(displayName),'sales')")).toMatchObject({
      kind: 'call',
      name: 'contains',
      args: [
        { kind: 'call', name: 'tolower' },
        { kind: 'literal', value: 'sales' },
      ],
    });
    expect(parseFilter("otherMails/any(x:x eq 'a@b.com')")).toMatchObject({
      kind: 'lambda',
      op: 'any',
      collection: ['otherMails'],
      variable: 'x',
    });
    expect(parseFilter('NOT (a eq 1)')).toMatchObject({ kind: 'not' });
    expect(parseFilter("userType in ('Member', 'Guest')")).toMatchObject({ kind: 'in' });
  });

  it.each([
    ["displayName eq 'Sales", 'unbalanced quote'],
    ["displayName eq 'O'Neil'", 'unbalanced quote'],
    ["displayName eq 'O' Neil", 'unexpected token'],
    ['displayName eq', 'unexpected end'],
    ['(a eq 1', "expected ')'"],
    ["frobnicate(displayName,'x')", 'unknown function'],
    ['contains(displayName)', 'takes 2 argument'],
    ['a eq 1 b', 'unexpected token'],
    ['', 'empty'],
    ['a eq #', "unexpected character '#'"],
    ["x/any(y y eq 'a')", "expected 'variable:'"],
  ])('rejects %j (%s)', (text, message) => {
    expect(() => parseFilter(text)).toThrow(FilterSyntaxError);
    expect(() => parseFilter(text)).toThrow(message);
  });
});

describe('matchesFilter', () => {
  const check = (filter: string, options = {}) => matchesFilter(parseFilter(filter), user, options);

  it('compares strings exactly unless the path is case-insensitive', () => {
    expect(check("displayName eq 'Dana O''Neil'")).toBe(true);
    expect(check("displayName eq 'dana o''neil'")).toBe(false);
    expect(check("displayName eq 'dana o''neil'", ci)).toBe(true);
    expect(check("userType ne 'Guest'")).toBe(true);
  });

  it('compares GUIDs case-insensitively and reads property names case-insensitively', () => {
    expect(check("target/objectid eq '46184453-E63B-4F20-86C2-C557ED5D5DF9'")).toBe(true);
    expect(check('ID eq 7DEFF43E-1F17-44EF-9E5F-D516B0BA11D4')).toBe(true);
  });

  it('evaluates functions, lambdas, not, in and missing properties', () => {
    expect(check("contains(tolower(displayName),'o''neil')")).toBe(true);
    expect(check("contains(displayName,'o''neil')")).toBe(false);
    expect(check("startswith(userPrincipalName,'dana@')")).toBe(true);
    expect(check("endswith(mail,'@contoso.com')")).toBe(true);
    expect(check("otherMails/any(m:m eq 'dana@fabrikam.com')")).toBe(true);
    expect(check("otherMails/any(m:m eq 'nobody@fabrikam.com')")).toBe(false);
    expect(check("specificAllowedTargets/any(t:t/groupId eq 'g2')")).toBe(true);
    expect(check("specificAllowedTargets/all(t:startswith(t/groupId,'g'))")).toBe(true);
    expect(check('otherMails/any()')).toBe(true);
    expect(check("not(accessPackage/displayName eq 'Sales App')")).toBe(false);
    expect(check("userType in ('Guest','Member')")).toBe(true);
    expect(check('nosuch eq null')).toBe(true);
    expect(check("accountEnabled eq true and (mail eq 'x' or userType eq 'Member')")).toBe(true);
  });

  it('flags the operators that need advanced query mode on directory objects', () => {
    expect(usesAdvancedOperators(parseFilter("mail eq 'a'"))).toBe(false);
    expect(usesAdvancedOperators(parseFilter("otherMails/any(x:x eq 'a')"))).toBe(false);
    expect(usesAdvancedOperators(parseFilter("mail ne 'a'"))).toBe(true);
    expect(usesAdvancedOperators(parseFilter("not(mail eq 'a')"))).toBe(true);
    expect(usesAdvancedOperators(parseFilter("endswith(mail,'a')"))).toBe(true);
  });
});

describe('string literals round-trip', () => {
  it('any string quoted as an OData literal parses back to itself (also through the query string)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (value) => {
        const filter = `displayName eq ${odataLiteral(value)}`;
        const parsed = parseFilter(filter);
        expect(parsed).toMatchObject({ kind: 'compare', right: { kind: 'literal', type: 'string', value } });
        // What a client sends: encodeURIComponent of the whole clause, read back per RFC 3986.
        const query = parseQueryString(formatQueryString([['$filter', filter]]));
        expect(parseFilter(query.params.get('$filter') as string)).toEqual(parsed);
        expect(matchesFilter(parsed, { displayName: value })).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('a literal with an odd number of quotes is refused, never silently truncated', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), (value) => {
        const broken = `displayName eq '${value.replace(/'/g, "''")}`;
        expect(() => parseFilter(broken)).toThrow(/unbalanced quote/);
      }),
      { numRuns: 1000 },
    );
  });
});
