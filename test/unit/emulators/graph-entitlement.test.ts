import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TenantData } from '../../../sandbox/emulators/graph';
import { EM, lit, q, startHarness, type Harness, type JsonBody } from './helpers';
import { referenceAssignmentRequest201 } from '../../fixtures/graph-reference';

const STAGE = 'assignmentRequestApproved';

describe('Graph emulator: entitlement management behaviour', () => {
  let h: Harness;
  let t: TenantData;
  let catalogId: string;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());
  let tenantToken: string;
  beforeEach(async () => {
    // A fresh tenant per test: data never leaks between tests.
    const tenantId = crypto.randomUUID();
    h.login.addTenant(tenantId);
    h.login.registerApp(tenantId, {
      clientId: h.clientId,
      secret: h.secret,
      roles: ['EntitlementManagement.ReadWrite.All', 'User.Read.All'],
    });
    t = h.graph.tenant(tenantId);
    catalogId = t.addCatalog({ displayName: 'Apps' }).id;
    tenantToken = await h.token(t.id);
  });

  const tokenFor = async () => tenantToken;
  const add = async (pkgId: string, policyId: string, userId: string, extra: Record<string, unknown> = {}) =>
    h.post(
      `${EM}/assignmentRequests`,
      {
        requestType: 'adminAdd',
        assignment: { targetId: userId, assignmentPolicyId: policyId, accessPackageId: pkgId },
        ...extra,
      },
      await tokenFor(),
    );
  const getRequest = async (id: string, query = '') =>
    h.get(`${EM}/assignmentRequests/${id}${query}`, await tokenFor());

  describe('adminAdd checks', () => {
    it('201 shaped like the reference: submitted / Accepted, dates null, empty lists', async () => {
      const pkg = t.addAccessPackage({ catalogId, displayName: 'ERP' });
      const user = t.addUser();
      const res = await add(pkg.id, pkg.policyIds[0] as string, user.id, { justification: 'JSM-12' });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        ...referenceAssignmentRequest201,
        '@odata.context': `${h.graph.url}/v1.0/$metadata#identityGovernance/entitlementManagement/assignmentRequests/$entity`,
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      });
      expect(t.assignmentRequests()[0]).toMatchObject({
        justification: 'JSM-12',
        requestor: { objectId: h.login.servicePrincipalId(t.id, h.clientId) },
      });
    });

    it("strict mode takes the contract's enum spelling only (AdminAdd is refused)", async () => {
      const pkg = t.addAccessPackage({ catalogId, displayName: 'ERP' });
      const user = t.addUser();
      const res = await h.post(
        `${EM}/assignmentRequests`,
        {
          requestType: 'AdminAdd',
          assignment: { targetId: user.id, assignmentPolicyId: pkg.policyIds[0], accessPackageId: pkg.id },
        },
        await tokenFor(),
      );
      // AdminAdd is not in the contract's enum: strict validation refuses it before the handler.
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain('/requestType');
    });

    it.each([
      ['allMemberUsers', 'Member', true],
      ['allMemberUsers', 'Guest', false],
      ['allDirectoryUsers', 'Guest', true],
      ['allExternalUsers', 'Member', false],
      ['notSpecified', 'Guest', true],
      ['specificDirectoryServicePrincipals', 'Member', false],
    ] as const)('scope %s with a %s user -> admitted %s', async (scope, userType, admitted) => {
      const pkg = t.addAccessPackage({
        catalogId,
        displayName: 'P',
        policies: [{ allowedTargetScope: scope }],
      });
      const user = t.addUser({ userType });
      const res = await add(pkg.id, pkg.policyIds[0] as string, user.id);
      expect(res.status).toBe(admitted ? 201 : 400);
      if (!admitted) expect(res.body.error.message).toContain('does not meet the policy requirements');
    });

    it('specificDirectoryUsers admits members of a groupMembers target and a singleUser target only', async () => {
      const member = t.addUser();
      const single = t.addUser();
      const outsider = t.addUser();
      const group = t.addGroup({ members: [member.id] });
      const pkg = t.addAccessPackage({
        catalogId,
        displayName: 'Scoped',
        policies: [
          {
            allowedTargetScope: 'specificDirectoryUsers',
            specificAllowedTargets: [
              { '@odata.type': '#microsoft.graph.groupMembers', groupId: group.id },
              { '@odata.type': '#microsoft.graph.singleUser', userId: single.id },
            ],
          },
        ],
      });
      const policy = pkg.policyIds[0] as string;
      expect((await add(pkg.id, policy, member.id)).status).toBe(201);
      expect((await add(pkg.id, policy, single.id)).status).toBe(201);
      expect((await add(pkg.id, policy, outsider.id)).status).toBe(400);
      // The policy is served with its targets.
      const read = await h.get(`${EM}/accessPackages/${pkg.id}?$expand=assignmentPolicies`, await tokenFor());
      expect(read.body.assignmentPolicies[0].specificAllowedTargets).toHaveLength(2);
    });

    it('400 for an unknown package, a policy of another package, and an unknown user', async () => {
      const a = t.addAccessPackage({ catalogId, displayName: 'A' });
      const b = t.addAccessPackage({ catalogId, displayName: 'B' });
      const user = t.addUser();
      expect(
        (await add(crypto.randomUUID(), a.policyIds[0] as string, user.id)).body.error.message,
      ).toContain('was not found');
      expect((await add(a.id, b.policyIds[0] as string, user.id)).body.error.message).toContain(
        `not found on access package '${a.id}'`,
      );
      expect((await add(a.id, a.policyIds[0] as string, crypto.randomUUID())).status).toBe(400);
    });

    it('400 when the user already has an active assignment, and when a request is still open', async () => {
      const pkg = t.addAccessPackage({ catalogId, displayName: 'ERP' });
      const policy = pkg.policyIds[0] as string;
      const holder = t.addUser();
      t.addAssignment({ accessPackageId: pkg.id, userId: holder.id });
      const dup = await add(pkg.id, policy, holder.id);
      expect(dup.status).toBe(400);
      expect(dup.body.error.code).toBe('BadRequest');
      expect(dup.body.error.message).toContain('already has an active assignment');

      const waiting = t.addUser();
      t.setOutcome(pkg.id, { outcome: 'delivered', afterPolls: 5 });
      expect((await add(pkg.id, policy, waiting.id)).status).toBe(201);
      const open = await add(pkg.id, policy, waiting.id);
      expect(open.status).toBe(400);
      expect(open.body.error.message).toContain('existing open request');
    });
  });

  describe('request lifecycle', () => {
    it('submitted -> delivering -> delivered over the configured polls; the assignment follows with its schedule', async () => {
      const pkg = t.addAccessPackage({
        catalogId,
        displayName: 'ERP',
        policies: [{ expiration: { type: 'afterDuration', duration: 'P30D' } }],
      });
      const user = t.addUser();
      t.setOutcome(pkg.id, { outcome: 'delivered', afterPolls: 3 });
      const created = await add(pkg.id, pkg.policyIds[0] as string, user.id);
      const states: string[] = [];
      for (let i = 0; i < 4; i += 1) states.push((await getRequest(created.body.id)).body.state);
      expect(states).toEqual(['delivering', 'delivering', 'delivered', 'delivered']);
      const done = await getRequest(created.body.id, '?$expand=assignment,accessPackage');
      expect(done.body).toMatchObject({
        status: 'Delivered',
        completedDateTime: expect.any(String),
        accessPackage: { id: pkg.id },
      });
      expect(done.body.assignment).toMatchObject({
        state: 'delivered',
        schedule: {
          startDateTime: '2025-03-01T10:00:00.000Z',
          expiration: { type: 'afterDuration', duration: 'P30D', endDateTime: '2025-03-31T10:00:00.000Z' },
        },
      });
      const assignments = await h.get(
        `${EM}/assignments?$expand=target&$filter=${q(`accessPackage/id eq ${lit(pkg.id)} and target/objectid eq ${lit(user.id)} and state eq 'Delivered'`)}`,
        await tokenFor(),
      );
      expect(assignments.body.value).toHaveLength(1);
      expect(assignments.body.value[0].target).toMatchObject({
        objectId: user.id,
        principalName: user.userPrincipalName,
        subjectType: 'user',
      });
    });

    it('deliveryFailed and denied outcomes; a denied request leaves no assignment', async () => {
      const failing = t.addAccessPackage({ catalogId, displayName: 'Failing' });
      const denying = t.addAccessPackage({ catalogId, displayName: 'Denying' });
      t.setOutcome(failing.id, { outcome: 'deliveryFailed' });
      t.setOutcome(denying.id, { outcome: 'denied' });
      const user = t.addUser();
      const f = await add(failing.id, failing.policyIds[0] as string, user.id);
      const d = await add(denying.id, denying.policyIds[0] as string, user.id);
      expect((await getRequest(f.body.id)).body).toMatchObject({
        state: 'deliveryFailed',
        status: 'DeliveryFailed',
      });
      expect((await getRequest(d.body.id)).body).toMatchObject({ state: 'denied' });
      expect(t.assignments().map((a) => [a.accessPackageId, a.state])).toEqual([
        [failing.id, 'deliveryFailed'],
      ]);
    });

    it('adminRemove names the assignment and ends it (expired) when delivered', async () => {
      const pkg = t.addAccessPackage({ catalogId, displayName: 'ERP' });
      const user = t.addUser();
      const assignment = t.addAssignment({ accessPackageId: pkg.id, userId: user.id });
      const byUser = await h.post(
        `${EM}/assignmentRequests`,
        { requestType: 'adminRemove', assignment: { id: user.id } },
        await tokenFor(),
      );
      expect(byUser.status).toBe(400);
      const res = await h.post(
        `${EM}/assignmentRequests`,
        { requestType: 'adminRemove', assignment: { id: assignment.id } },
        await tokenFor(),
      );
      expect(res.status).toBe(201);
      expect(res.body.requestType).toBe('adminRemove');
      expect((await getRequest(res.body.id)).body.state).toBe('delivered');
      expect(t.assignments()[0]).toMatchObject({ state: 'expired', expiredDateTime: expect.any(String) });
      // Ended assignments still list; callers check state (reference 1.6).
      const list = await h.get(`${EM}/assignments?$filter=${q("state eq 'expired'")}`, await tokenFor());
      expect(list.body.value).toHaveLength(1);
    });

    it('lists requests with $filter on navigation and state (open-request pre-check)', async () => {
      const pkg = t.addAccessPackage({ catalogId, displayName: 'ERP' });
      t.setOutcome(pkg.id, { outcome: 'delivered', afterPolls: 9 });
      const user = t.addUser();
      await add(pkg.id, pkg.policyIds[0] as string, user.id);
      const filter = q(
        `accessPackage/id eq ${lit(pkg.id)} and (state eq 'submitted' or state eq 'pendingApproval')`,
      );
      const open = await h.get(
        `${EM}/assignmentRequests?$expand=assignment&$filter=${filter}`,
        await tokenFor(),
      );
      expect(open.body.value).toHaveLength(1);
      // The list documents no nested $expand: the target is read from the request itself.
      const one = await h.get(
        `${EM}/assignmentRequests/${open.body.value[0].id}?$expand=${q('assignment($expand=target)')}`,
        await tokenFor(),
      );
      expect(one.body.assignment.target.objectId).toBe(user.id);
      // Under the 'accept' setting the undocumented nested form is served like any navigation.
      h.graph.settings.undocumentedExpand = 'accept';
      try {
        const nested = await h.get(
          `${EM}/assignmentRequests?$expand=${q('assignment($expand=target)')}&$filter=${q(`accessPackage/id eq ${lit(pkg.id)}`)}`,
          await tokenFor(),
        );
        expect(nested.body.value[0].assignment.target.objectId).toBe(user.id);
      } finally {
        h.graph.settings.undocumentedExpand = 'reject';
      }
    });

    it.each([
      ['accessPackages', 'catalog'],
      ['assignmentRequests', 'assignment($expand=target)'],
      ['assignmentRequests', 'accessPackage($expand=catalog)'],
      ['assignments', 'assignmentPolicy'],
      ['catalogs', 'accessPackages'],
    ])('answers 400 to the undocumented %s?$expand=%s', async (collection, expand) => {
      const res = await h.get(`${EM}/${collection}?$expand=${q(expand)}`, await tokenFor());
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body)).toContain('is not documented for this operation');
    });

    it.each([
      ['accessPackages', 'assignmentPolicies'],
      ['assignmentRequests', 'accessPackage,assignment,requestor'],
      ['assignments', 'target,accessPackage'],
    ])('serves the documented %s?$expand=%s', async (collection, expand) => {
      const res = await h.get(`${EM}/${collection}?$expand=${q(expand)}`, await tokenFor());
      expect(res.status).toBe(200);
    });
  });

  describe('resume', () => {
    const resumeBody = (
      instanceId: string,
      over: Record<string, unknown> = {},
      dataOver: Record<string, unknown> = {},
    ) => ({
      source: 'JiraServiceManagement',
      type: `microsoft.graph.accessPackageCustomExtensionStage.${STAGE}`,
      data: {
        '@odata.type': 'microsoft.graph.accessPackageAssignmentRequestCallbackData',
        stage: STAGE,
        customExtensionStageInstanceId: instanceId,
        customExtensionStageInstanceDetail: 'JSM-1234 done: ERP account created',
        ...dataOver,
      },
      ...over,
    });
    const waitingRequest = async () => {
      const pkg = t.addAccessPackage({ catalogId, displayName: 'Offline app' });
      const user = t.addUser();
      const created = await add(pkg.id, pkg.policyIds[0] as string, user.id);
      const instanceId = crypto.randomUUID();
      t.waitForCallback(created.body.id, STAGE, instanceId);
      return { id: created.body.id as string, instanceId };
    };

    it('204 while waiting for the callback, by the OpenAPI path and by the docs’ short /resume; then the request proceeds', async () => {
      const first = await waitingRequest();
      const polled = await getRequest(first.id);
      expect(polled.body).toMatchObject({
        status: 'WaitingForCallback',
        customExtensionCalloutInstances: [{ id: first.instanceId, status: 'waitingForCallback' }],
      });
      const res = await h.post(
        `${EM}/assignmentRequests/${first.id}/resume`,
        resumeBody(first.instanceId),
        await tokenFor(),
      );
      expect(res.status).toBe(204);
      expect(res.body).toBeUndefined();
      const after = await getRequest(first.id);
      expect(after.body.state).toBe('delivered');
      expect(after.body.customExtensionCalloutInstances[0]).toMatchObject({
        status: 'callbackReceived',
        detail: 'JSM-1234 done: ERP account created',
      });

      const second = await waitingRequest();
      const long = await h.post(
        `${EM}/assignmentRequests/${second.id}/microsoft.graph.resume`,
        resumeBody(second.instanceId),
        await tokenFor(),
      );
      expect(long.status).toBe(204);
      expect(
        t
          .resumes()
          .filter((r) => r.accepted)
          .map((r) => r.requestId),
      ).toEqual([first.id, second.id]);
      expect(
        h.graph.counters.byRoute[
          'POST /identityGovernance/entitlementManagement/assignmentRequests/{accessPackageAssignmentRequest-id}/microsoft.graph.resume'
        ],
      ).toBeGreaterThanOrEqual(2);
    });

    it('400 when not waiting, for another stage instance, a wrong type, or after a timeout; all recorded', async () => {
      const { id, instanceId } = await waitingRequest();
      const wrongInstance = await h.post(
        `${EM}/assignmentRequests/${id}/resume`,
        resumeBody(crypto.randomUUID()),
        await tokenFor(),
      );
      expect(wrongInstance.status).toBe(400);
      const wrongType = await h.post(
        `${EM}/assignmentRequests/${id}/resume`,
        resumeBody(instanceId, {
          type: 'microsoft.graph.accessPackageCustomExtensionStage.assignmentRequestCreated',
        }),
        await tokenFor(),
      );
      expect(wrongType.status).toBe(400);
      const noDataType = await h.post(
        `${EM}/assignmentRequests/${id}/resume`,
        resumeBody(instanceId, {}, { '@odata.type': undefined }),
        await tokenFor(),
      );
      expect(noDataType.status).toBe(400);
      t.timeOutCallback(id);
      const late = await h.post(
        `${EM}/assignmentRequests/${id}/resume`,
        resumeBody(instanceId),
        await tokenFor(),
      );
      expect(late.status).toBe(400);
      expect(late.body.error.message).toContain('not waiting for a callback');
      expect((await getRequest(id)).body).toMatchObject({
        state: 'deliveryFailed',
        status: 'CallbackTimedOut',
      });
      expect(t.resumes().map((r) => r.accepted)).toEqual([false, false, false, false]);
      const unknown = await h.post(
        `${EM}/assignmentRequests/${crypto.randomUUID()}/resume`,
        resumeBody(instanceId),
        await tokenFor(),
      );
      expect(unknown.status).toBe(404);
    });

    it('a resume whose data says denied ends the request denied', async () => {
      const { id, instanceId } = await waitingRequest();
      const res = await h.post(
        `${EM}/assignmentRequests/${id}/resume`,
        resumeBody(instanceId, {}, { state: 'denied' }),
        await tokenFor(),
      );
      expect(res.status).toBe(204);
      expect((await getRequest(id)).body.state).toBe('denied');
    });

    it('the contract checks the callback data type declared in the known-gaps overlay', async () => {
      const { id, instanceId } = await waitingRequest();
      const res = await h.post(
        `${EM}/assignmentRequests/${id}/resume`,
        resumeBody(instanceId, {}, { stage: 'notAStage' }),
        await tokenFor(),
      );
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain('/data/stage');
    });
  });

  it('reads catalogs, a catalog’s packages and a policy with its stage settings', async () => {
    const pkg = t.addAccessPackage({
      catalogId,
      displayName: 'Offline',
      policies: [
        {
          displayName: 'With extension',
          customExtensionStageSettings: [
            { stage: STAGE, customExtension: { id: 'ext-1', displayName: 'jsm-offline-provisioning' } },
          ],
        },
      ],
    });
    const tok = await tokenFor();
    const catalogs = await h.get(`${EM}/catalogs?$filter=${q("displayName eq 'Apps'")}`, tok);
    expect(catalogs.body.value.map((c: JsonBody) => c.id)).toEqual([catalogId]);
    const inCatalog = await h.get(`${EM}/catalogs/${catalogId}/accessPackages?$select=id,displayName`, tok);
    expect(inCatalog.body.value).toEqual([{ id: pkg.id, displayName: 'Offline' }]);
    const policy = await h.get(
      `${EM}/assignmentPolicies/${pkg.policyIds[0]}?$expand=customExtensionStageSettings($expand=customExtension)`,
      tok,
    );
    expect(policy.body.customExtensionStageSettings).toEqual([
      {
        id: expect.any(String),
        stage: STAGE,
        customExtension: { id: 'ext-1', displayName: 'jsm-offline-provisioning' },
      },
    ]);
    expect((await h.get(`${EM}/assignmentPolicies/${crypto.randomUUID()}`, tok)).status).toBe(404);
  });
});
