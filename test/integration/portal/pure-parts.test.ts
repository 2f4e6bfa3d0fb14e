// The pure parts the resolver and the panels lean on: reading the caller from a Forge context,
// finding the pick in a property value, the search rules, the agent-permission answer, the poll
// schedule. (Pure functions, kept beside the portal's other tests.)
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { callerFromContext } from '../../../src/core/portal/caller';
import { grantsAgentView } from '../../../src/core/portal/agent-permissions';
import {
  PICKER_APP_MARKER,
  PICKER_FIELD_KEY,
  pickedPackageId,
  pickerValue,
} from '../../../src/core/portal/picker-value';
import { fold, searchPackages } from '../../../src/core/portal/search-packages';
import { nextDelay, timingFromLocation } from '../../../static/portal/src/poll';
import { panelContext } from '../../../sandbox/portal-context';

const ID = '3f2b8c1e-4d5a-4b6c-8d7e-9f0a1b2c3d4e';

describe('callerFromContext', () => {
  it('reads each module as its surface, from the context only', () => {
    expect(
      callerFromContext(panelContext({ panel: 'picker', accountId: 'qm:a', requestTypeId: '7' })),
    ).toEqual({ accountId: 'qm:a', surface: 'picker', requestTypeId: '7' });
    expect(
      callerFromContext(panelContext({ panel: 'status', accountId: 'qm:a', issueKey: 'HELP-3' })),
    ).toEqual({ accountId: 'qm:a', surface: 'status', issueKey: 'HELP-3' });
    expect(
      callerFromContext(panelContext({ panel: 'agent', accountId: '5b10', issueKey: 'HELP-3' })),
    ).toEqual({ accountId: '5b10', surface: 'agent', issueKey: 'HELP-3' });
    // Numeric ids, as some JSM contexts carry them; the extension type when the module key is unknown.
    expect(
      callerFromContext({
        accountId: 'x',
        extension: {
          type: 'jiraServiceManagement:portalRequestCreatePropertyPanel',
          request: { typeId: 12 },
        },
      }),
    ).toMatchObject({ surface: 'picker', requestTypeId: '12' });
  });

  it.each([
    ['no account (anonymous)', { moduleKey: 'package-picker' }],
    ['an empty account', { accountId: '', moduleKey: 'package-picker' }],
    ['another module', { accountId: 'x', moduleKey: 'admin-page', extension: { type: 'jira:adminPage' } }],
    ['a prototype key as module', { accountId: 'x', moduleKey: 'constructor' }],
    ['not an object', 'package-picker'],
  ])('refuses %s', (_what, context) => {
    expect(callerFromContext(context)).toBeUndefined();
  });

  it('drops an issue key or request type that is not shaped like one', () => {
    expect(
      callerFromContext({
        accountId: 'x',
        moduleKey: 'request-status',
        extension: { request: { key: '../HELP-1' } },
      }),
    ).toBeUndefined();
    expect(callerFromContext({ accountId: 'x', moduleKey: 'request-status', extension: {} })).toEqual({
      accountId: 'x',
      surface: 'status',
      issueKey: undefined,
    });
  });
});

describe('pickedPackageId', () => {
  it.each([
    ['the value itself', pickerValue(ID)],
    ['under the field key', { [PICKER_FIELD_KEY]: pickerValue(ID) }],
    ['as a { key, value } entry', [{ key: PICKER_FIELD_KEY, value: pickerValue(ID) }]],
    ['upper-case', pickerValue(ID.toUpperCase())],
  ])('finds the id in %s', (_what, value) => {
    expect(pickedPackageId(value)).toBe(ID);
  });

  it.each([
    ['no marker', { accessPackageId: ID }],
    ['a wrong marker', { app: 'other-app', accessPackageId: ID }],
    ['an id that is not a GUID', pickerValue("' or 1 eq 1")],
    ['two different picks', { a: pickerValue(ID), b: pickerValue('00000000-0000-4000-8000-000000000001') }],
    ['a pick nested too deep', { a: { b: { c: pickerValue(ID) } } }],
  ])('finds nothing with %s', (_what, value) => {
    expect(pickedPackageId(value)).toBeUndefined();
  });

  it('never returns anything but a lower-case GUID carried by a marked object, whatever the value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const id = pickedPackageId(value);
        if (id === undefined) return;
        expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
        expect(JSON.stringify(value).toLowerCase()).toContain(PICKER_APP_MARKER);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('searchPackages', () => {
  const all = [
    { id: '1', displayName: 'Sales & Marketing', description: 'CRM and campaigns' },
    { id: '2', displayName: 'Ventes – Équipe' },
    { id: '3', displayName: 'Marketing Assets' },
    { id: '4', displayName: 'Design', description: 'Brand and marketing material' },
  ];

  it('ranks names that start with the text, then names that contain it, then descriptions', () => {
    expect(searchPackages(all, 'market', 10).packages.map((p) => p.id)).toEqual(['3', '1', '4']);
    expect(searchPackages(all, 'ÉQUIPE', 10).packages.map((p) => p.id)).toEqual(['2']);
    expect(searchPackages(all, '', 2)).toMatchObject({ packages: [{ id: '4' }, { id: '3' }], total: 4 }); // by name
  });

  it('returns only packages containing every word typed, within the limit', () => {
    const word = fc.constantFrom('sales', 'market', 'équipe', 'brand', 'crm', 'x', '&', 'design');
    fc.assert(
      fc.property(fc.array(word, { maxLength: 3 }), fc.integer({ min: 1, max: 5 }), (words, limit) => {
        const result = searchPackages(all, words.join(' '), limit);
        expect(result.packages.length).toBeLessThanOrEqual(limit);
        expect(result.total).toBeGreaterThanOrEqual(result.packages.length);
        for (const p of result.packages) {
          const text = fold(`${p.displayName} ${p.description ?? ''}`);
          for (const w of words) expect(text).toContain(fold(w));
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe('grantsAgentView', () => {
  const answer = (browse: boolean, agent: boolean) => ({
    permissions: {
      BROWSE_PROJECTS: { havePermission: browse },
      SERVICEDESK_AGENT: { havePermission: agent },
    },
  });
  it('needs both permissions, from a 200', () => {
    expect(grantsAgentView(200, answer(true, true))).toBe(true);
    expect(grantsAgentView(200, answer(true, false))).toBe(false); // a portal customer browsing their own request
    expect(grantsAgentView(200, answer(false, true))).toBe(false);
    expect(grantsAgentView(403, answer(true, true))).toBe(false);
    expect(grantsAgentView(200, { permissions: {} })).toBe(false);
    expect(grantsAgentView(200, undefined)).toBe(false);
  });
});

describe('the status panel poll schedule', () => {
  const timing = { base: 5_000, max: 15_000 };
  it('asks every 5 s while things change, backs off to 15 s while they do not, further after errors', () => {
    expect(nextDelay(5_000, 'changed', timing)).toBe(5_000);
    const same = [5_000];
    for (let i = 0; i < 5; i++) same.push(nextDelay(same.at(-1)!, 'same', timing));
    expect(same).toEqual([5_000, 7_500, 11_250, 15_000, 15_000, 15_000]);
    expect(nextDelay(15_000, 'changed', timing)).toBe(5_000);
    expect(nextDelay(40_000, 'error', timing)).toBe(60_000);
  });
  it('takes a faster pace from ?pollMs= in the sandbox, never below 100 ms', () => {
    expect(timingFromLocation('?pollMs=200')).toEqual({ base: 200, max: 600 });
    expect(timingFromLocation('?pollMs=5')).toEqual(timing);
    expect(timingFromLocation('')).toEqual(timing);
  });
});
