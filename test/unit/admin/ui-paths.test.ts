// The page's path helpers: error paths become element ids, and edits copy only what they touch.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fieldId, setIn } from '../../../static/shared/paths';

describe('fieldId', () => {
  it('turns a FieldError path into a valid, distinct element id', () => {
    expect(fieldId('tenants.0.tenantId')).toBe('f-tenants-0-tenantId');
    expect(fieldId('')).toBe('f-root');
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.nat(99), fc.stringMatching(/^[A-Za-z]{1,8}$/)), { maxLength: 5 }),
        (parts) => {
          expect(fieldId(parts.join('.'))).toMatch(/^f-[A-Za-z0-9_-]+$/);
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('setIn', () => {
  it('replaces one value and copies the containers on its path only', () => {
    const value = {
      tenants: [
        { id: 'a', orgs: [1] },
        { id: 'b', orgs: [2] },
      ],
      settings: { n: 1 },
    };
    const next = setIn(value, ['tenants', 1, 'id'], 'c');
    expect(next).toEqual({
      tenants: [
        { id: 'a', orgs: [1] },
        { id: 'c', orgs: [2] },
      ],
      settings: { n: 1 },
    });
    expect(value.tenants[1]!.id).toBe('b');
    expect(next.tenants[0]).toBe(value.tenants[0]);
    expect(next.settings).toBe(value.settings);
  });

  it('appends at the end of an array and removes an object key set to undefined', () => {
    expect(setIn({ list: [1] }, ['list', 1], 2)).toEqual({ list: [1, 2] });
    const cleared = setIn({ a: { b: 1, c: 2 } }, ['a', 'b'], undefined);
    expect(cleared).toEqual({ a: { c: 2 } });
    expect('b' in cleared.a).toBe(false);
  });
});
