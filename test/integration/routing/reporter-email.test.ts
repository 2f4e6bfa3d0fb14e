// The reporter's email (issue 10): Jira hides it according to each person's profile visibility
// everywhere but GET /rest/api/3/user/email, which answers an app holding read:email-address:jira.
// The emulator serves that route only with the scope, which defaults to the manifest's scopes.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EMAIL_SCOPE } from '../../../sandbox/emulators/jira';
import { manifestScopes } from '../../../sandbox/emulators/jira/manifest-scopes';
import { raiseAndRoute, startWorld, useSite, type TestWorld } from './routing-support';

let world: TestWorld;
beforeAll(async () => {
  world = await startWorld();
});
afterAll(() => world.close());
beforeEach(() => {
  useSite(world, 'allowed');
  world.jira.settings.grantedScopes = manifestScopes();
  world.jira.setEmailHidden(world.demo.customers.megan.accountId, false);
});

const emailCalls = () =>
  world.jira.requests().filter((r) => r.path.startsWith('/rest/api/3/user/email')).length;

describe('the emulator', () => {
  it('grants the manifest scopes by default, and the manifest asks for the email scope', () => {
    expect(world.jira.settings.grantedScopes).toContain(EMAIL_SCOPE);
  });

  it('answers /user/email only with the scope, whatever the profile visibility', async () => {
    const megan = world.demo.customers.megan.accountId;
    world.jira.setEmailHidden(megan, true);
    const url = `${world.jira.url}/rest/api/3/user/email?accountId=${encodeURIComponent(megan)}`;
    expect(await (await fetch(url)).json()).toEqual({ accountId: megan, email: 'megan@contoso.com' });
    const user = await fetch(`${world.jira.url}/rest/api/3/user?accountId=${encodeURIComponent(megan)}`);
    expect(((await user.json()) as { emailAddress?: string }).emailAddress).toBeUndefined();
    world.jira.settings.grantedScopes = manifestScopes().filter((s) => s !== EMAIL_SCOPE);
    expect((await fetch(url)).status).toBe(401);
  });
});

describe('routing with a hidden email', () => {
  it('reads a hidden email through /user/email and routes by it', async () => {
    world.jira.setEmailHidden(world.demo.customers.megan.accountId, true);
    const before = emailCalls();
    const out = await raiseAndRoute(world, world.demo.customers.megan);
    expect(out.tenant).toBe('Contoso');
    expect(out.failure ?? 'none').not.toMatch(/email|user_not_found/);
    expect(emailCalls()).toBeGreaterThan(before);
  });

  it('without the scope, a visible email still comes from the fallbacks', async () => {
    world.jira.settings.grantedScopes = manifestScopes().filter((s) => s !== EMAIL_SCOPE);
    const out = await raiseAndRoute(world, world.demo.customers.megan);
    expect(out.tenant).toBe('Contoso');
    expect(out.failure ?? 'none').not.toMatch(/email|user_not_found/);
  });

  it('an email that cannot be read at all ends with a comment naming the account, and nothing assigned', async () => {
    world.jira.settings.grantedScopes = manifestScopes().filter((s) => s !== EMAIL_SCOPE);
    const megan = world.demo.customers.megan;
    world.jira.setEmailHidden(megan.accountId, true);
    const out = await raiseAndRoute(world, megan);
    expect(out).toMatchObject({ failure: 'reporter_email_unreadable', writes: { contoso: 0, fabrikam: 0 } });
    expect(out.tenant).toBeUndefined();
    expect(out.internalComments[0]).toContain(`Megan Bowen (account ${megan.accountId})`);
    expect(out.internalComments[0]).toMatch(/read:email-address:jira.*Nothing was assigned\./);
    expect(out.publicComments[0]).toMatch(/^We could not read the email address of your account/);
  });

  it.each(['refused', 'filter-ignored'] as const)(
    'with the organization look-up %s, a hidden email still routes by its domain',
    async (lookup) => {
      useSite(world, lookup);
      world.jira.setEmailHidden(world.demo.customers.megan.accountId, true);
      const out = await raiseAndRoute(world, world.demo.customers.megan);
      expect(out.tenant).toBe('Contoso');
    },
  );
});
