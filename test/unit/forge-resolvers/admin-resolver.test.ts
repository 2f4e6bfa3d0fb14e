// The Forge side of the admin page: the Jira-administrator gate and the resolver definitions built
// from the operations registry. @forge/resolver runs as is outside Forge (forge-platform.md 11);
// the gate's call to Jira is injected.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminOperations, type AdminDeps } from '../../../src/core/admin/operations';
import { defineOperations } from '../../../src/forge/resolvers/define-operations';
import { hasAdminister, requireJiraAdmin } from '../../../src/forge/resolvers/require-jira-admin';
import { startWorld, type TestWorld } from '../../integration/workflow/world-support';

const granted = { permissions: { ADMINISTER: { id: '0', key: 'ADMINISTER', havePermission: true } } };
const denied = { permissions: { ADMINISTER: { id: '0', key: 'ADMINISTER', havePermission: false } } };

describe('requireJiraAdmin', () => {
  it('lets a Jira administrator through and refuses anyone else, failing closed', async () => {
    expect(hasAdminister(200, granted)).toBe(true);
    expect(hasAdminister(200, denied)).toBe(false);
    expect(hasAdminister(200, { permissions: {} })).toBe(false);
    expect(hasAdminister(401, granted)).toBe(false);
    expect(hasAdminister(200, 'html')).toBe(false);
    expect(await requireJiraAdmin(async () => ({ status: 200, body: granted }))).toBeUndefined();
    expect(await requireJiraAdmin(async () => ({ status: 200, body: denied }))).toMatchObject({
      ok: false,
      code: 'forbidden',
    });
    expect(await requireJiraAdmin(async () => Promise.reject(new Error('network')))).toMatchObject({
      ok: false,
      code: 'forbidden',
    });
  });
});

describe('defineOperations', () => {
  let world: TestWorld;
  beforeAll(async () => {
    world = await startWorld();
  });
  afterAll(() => world.close());

  const call = (handler: ReturnType<typeof defineOperations>, functionKey: string, payload: unknown) =>
    handler({ call: { functionKey, payload }, context: {} }, { principal: { accountId: 'acc-1' } });

  it('defines every operation of the registry, each behind the guard', async () => {
    let allowed = false;
    const seen: string[] = [];
    const handler = defineOperations<AdminDeps>(adminOperations, {
      guard: async () =>
        allowed
          ? undefined
          : { ok: false, code: 'forbidden', message: 'Only Jira administrators.', errors: [] },
      deps: (request) => {
        seen.push(String(request.context.accountId));
        return {
          ...world.ports,
          webTriggerUrl: async () => 'https://trigger.example/x',
          actor: { accountId: String(request.context.accountId) },
        };
      },
      log: world.log,
    });
    for (const name of Object.keys(adminOperations)) {
      expect(await call(handler, name, {})).toMatchObject({ ok: false, code: 'forbidden' });
    }
    allowed = true;
    expect(await call(handler, 'getWebTriggerUrl', {})).toEqual({
      ok: true,
      value: { url: 'https://trigger.example/x' },
    });
    expect(await call(handler, 'testConnection', { tenantId: 'x' })).toMatchObject({
      ok: false,
      code: 'invalid_input',
      errors: [{ path: 'tenantId' }],
    });
    expect(seen).toEqual(['acc-1', 'acc-1']);
  });
});
