// Secret-leak scan (issue 7) over the whole demo: every scripted ticket of `npm run demo` (the
// same scenarios as sandbox/demo.ts), the offline-app demo (callouts through the relay, tickets,
// resumes), a client secret stored through the admin operation, and a run with a wrong secret
// (Entra's error for it travels into comments). The secrets are sentinels; afterwards no log line,
// comment, issue field or property, queue payload, audit entry, non-secret store value, request
// sent to Graph, error message or admin resolver response holds one, nor any access token. The
// soak's run is scanned in fault-soak.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DrainStats } from '../../sandbox/adapters/memory-queue';
import { createFakeClock } from '../../sandbox/adapters/fake-clock';
import { createWorld, type World } from '../../sandbox/world';
import { seedDemo, CONTOSO, FABRIKAM, MSP_APP, ROLES, type Demo } from '../../sandbox/demo-data';
import { seedOffline, type DemoOffline } from '../../sandbox/demo-offline';
import { buildForward, entraCallout } from '../../sandbox/emulators/relay';
import { newGuid } from '../../sandbox/emulators/shared/ids';
import { loadConfig } from '../../src/core/config-store';
import { loadTicketState } from '../../src/core/access-request/ticket-state';
import { runOperation } from '../../src/core/operation';
import { adminOperations, type AdminDeps } from '../../src/core/admin/operations';
import { createJwksCache } from '../../src/entra/jwks-cache';
import { receiveCallout } from '../../src/entra/receive-callout';
import { JWT_SHAPE, scan, surfacesOf } from './support/leak-scan';

const SENTINEL = 'SENTINEL-SECRET-admin-set-9d41c7a2~Jq';
const WRONG = 'SENTINEL-SECRET-wrong-value-52e8b0f3~Lm';

// The scenarios of sandbox/demo.ts (who, request type, package, then, expected outcome).
const SCENARIOS: [
  keyof Demo['customers'],
  'grant' | 'remove' | 'approval',
  string,
  string,
  keyof Demo['orgs'] | undefined,
][] = [
  ['adele', 'grant', 'Sales & Marketing', 'delivered', undefined],
  ['megan', 'grant', "O'Brien's Team", 'delivered', undefined],
  ['guest', 'grant', 'R+D Lab', 'delivered', undefined],
  ['dollar', 'grant', 'Ventes – Équipe', 'delivered', undefined],
  ['ines', 'grant', 'R+D Lab', 'delivered', undefined],
  ['holder', 'grant', 'Sales & Marketing', 'already-done', undefined],
  ['holder', 'remove', 'Sales & Marketing', 'removed', undefined],
  ['megan', 'approval', 'Finance #1', 'delivered', undefined],
  ['adele', 'grant', 'Sales & Marketing', 'already-done', undefined],
  ['nora', 'grant', 'Sales & Marketing', 'failed:org_not_mapped', undefined],
  ['both', 'grant', 'Sales & Marketing', 'failed:several_orgs', undefined],
  ['both', 'grant', 'Sales & Marketing', 'delivered', 'contoso'],
  ['adele', 'grant', 'Payroll Admin', 'failed:not_requestable', undefined],
  ['adele', 'grant', 'Shared Drive', 'failed:package_ambiguous', undefined],
  ['adele', 'grant', 'Members Only', 'failed:no_policy_fits', undefined],
  ['ghost', 'grant', 'Sales & Marketing', 'failed:user_not_found', undefined],
  ['adele', 'grant', 'Sales and Marketing', 'failed:package_not_found', undefined],
];

let world: World;
let demo: Demo;
let offline: DemoOffline;
const runs: DrainStats[] = [];
const outcomes: string[] = [];

async function raise(
  who: keyof Demo['customers'],
  type: 'grant' | 'remove' | 'approval',
  pkg: string,
  shareWith?: keyof Demo['orgs'],
): Promise<string> {
  const issue = world.jira.createRequestAsCustomer({
    accountId: demo.customers[who].accountId,
    serviceDeskId: demo.serviceDeskId,
    requestTypeId: demo.requestTypes[type],
    summary: `${type}: ${pkg}`,
    fields: { [demo.fields.package]: pkg },
    organizationIds: shareWith ? [demo.orgs[shareWith]] : undefined,
  });
  await world.settle();
  runs.push(await world.runQueue());
  if (type === 'approval') {
    await world.clock.sleep(60_000);
    world.jira.approve(issue.key, demo.approver);
    await world.settle();
    runs.push(await world.runQueue());
  }
  const state = await loadTicketState(world.store, issue.id);
  return state ? (state.phase === 'failed' ? `failed:${state.failure?.code}` : state.phase) : 'no state';
}

beforeAll(async () => {
  world = await createWorld({ clock: createFakeClock() });
  demo = await seedDemo(world);
  offline = await seedOffline(world, demo);
  // The secret goes in as an admin stores it: through the operation the admin page calls.
  const deps: AdminDeps = {
    ...world.ports,
    webTriggerUrl: async () => 'https://example.atlassian-dev.net/x1/callout',
    actor: { accountId: 'admin-1' },
  };
  const stored = await runOperation(
    adminOperations,
    'setCredentialSecret',
    { credentialId: 'msp-app', secret: { kind: 'secret', clientSecret: SENTINEL } },
    deps,
  );
  expect(stored.ok).toBe(true);
  for (const tenantId of [CONTOSO, FABRIKAM])
    world.login.registerApp(tenantId, { clientId: MSP_APP, secret: SENTINEL, roles: ROLES });

  for (const [who, type, pkg, , share] of SCENARIOS) outcomes.push(await raise(who, type, pkg, share));

  // Offline apps: a callout per tenant through its relay, the ticket, its resolution, the resume.
  for (const which of ['contoso', 'fabrikam'] as const) {
    const t = offline[which];
    const data = (which === 'contoso' ? world.graphGlobal : world.graphCustom).tenant(t.tenantId);
    const pkg = data.packages.get(
      which === 'contoso' ? offline.contoso.packages.erp : offline.fabrikam.packages.rnd,
    )!;
    const policy = data.policies.get(pkg.policyIds[0]!)!;
    const user = data.users.get(which === 'contoso' ? demo.users.adele! : demo.users.ines!)!;
    const request = data.createAddRequest({
      pkg,
      policy,
      userId: user.id,
      requestor: { objectId: user.id, displayName: user.displayName },
      answers: [],
      justification: null,
    });
    const stageInstanceId = newGuid();
    data.waitForCallback(request.id, 'assignmentRequestApproved', stageInstanceId);
    const body = entraCallout({
      stage: 'assignmentRequestApproved',
      requestId: request.id,
      stageInstanceId,
      accessPackage: { id: pkg.id, displayName: pkg.displayName },
      catalog: { id: pkg.catalogId, displayName: 'Catalog' },
      policy: { id: policy.id, displayName: policy.displayName },
      assignmentId: request.assignmentId,
      target: { objectId: user.id, displayName: user.displayName },
    });
    const forward = await buildForward(
      { login: world.login, deployment: t.deployment, identity: t.relay },
      body,
    );
    expect(
      (
        await receiveCallout(world.ports, await loadConfig(world.store), forward, {
          jwks: createJwksCache(world.ports),
        })
      ).statusCode,
    ).toBe(202);
  }
  runs.push(await world.runQueue());
  for (const issue of world.jira.issues())
    if ('accessBridgeCallout' in world.jira.properties(issue.key))
      world.jira.transition(issue.key, 'Resolve this issue');
  await world.settle();
  runs.push(await world.runQueue());

  // A wrong secret: Entra's refusal becomes comments and log lines; the value must not.
  expect(
    (
      await runOperation(
        adminOperations,
        'setCredentialSecret',
        { credentialId: 'msp-app', secret: { kind: 'secret', clientSecret: WRONG } },
        deps,
      )
    ).ok,
  ).toBe(true);
  outcomes.push(await raise('megan', 'grant', 'Sales & Marketing'));
}, 120_000);
afterAll(() => world.close());

describe('the whole demo with sentinel secrets', () => {
  it('ran as the demo expects (else the scan proves little)', () => {
    expect(outcomes).toEqual([...SCENARIOS.map((s) => s[3]), 'failed:credentials_invalid']);
    expect(
      world.graphGlobal
        .tenant(CONTOSO)
        .resumes()
        .filter((r) => r.accepted),
    ).toHaveLength(1);
    expect(
      world.graphCustom
        .tenant(FABRIKAM)
        .resumes()
        .filter((r) => r.accepted),
    ).toHaveLength(1);
  });

  it('leaves no sentinel secret and no access token in anything the app wrote, sent or answered', async () => {
    const surfaces = await surfacesOf(world, { errors: runs.flatMap((r) => r.errors.map((e) => e.error)) });
    expect(surfaces.map((s) => s.where)).toEqual(
      expect.arrayContaining([
        'log',
        'queue payloads',
        'audit',
        'store values',
        'admin getConfiguration',
        'admin exportConfiguration',
        'admin listAudit',
      ]),
    );
    // The resolvers answered for real (not only refusals), so their answers were worth scanning.
    expect(
      surfaces.filter((s) => s.where.startsWith('portal status') && s.text.includes('"ok":true')).length,
    ).toBeGreaterThan(5);
    expect(scan(surfaces, [SENTINEL, WRONG])).toEqual([]);
  });

  it("keeps the secrets where they belong: the store's secret space, and nowhere listable", async () => {
    expect(JSON.stringify(world.store.dump().secrets)).toContain(WRONG);
    expect(
      (await world.store.query('')).results.map((r) => JSON.stringify(r.value)).join('\n'),
    ).not.toContain(WRONG);
  });

  it('the scan itself finds what it looks for', () => {
    const token = 'eyJhbGciOiJSUzI1NiJ9.eyJ0aWQiOiIxMjM0NTY3OCJ9.c2lnbmF0dXJlLXNpZ25hdHVyZQ';
    expect(JWT_SHAPE.test(token)).toBe(true);
    const findings = scan([{ where: 'a comment', text: `x ${SENTINEL} y Bearer ${token}` }], [SENTINEL]);
    expect(findings.map((f) => f.what)).toEqual(['sentinel secret', 'access token']);
    expect(JSON.stringify(findings)).not.toContain(SENTINEL);
  });
});
