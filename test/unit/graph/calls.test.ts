import { describe, expect, it } from 'vitest';
import { createGraphClient } from '../../../src/graph/client';
import { KNOWN_CLOUDS } from '../../../src/graph/clouds';
import { AmbiguousUserError, GraphBadRequestError, GraphNotFoundError } from '../../../src/graph/errors';
import {
  createAssignmentRequest,
  findUser,
  getAccessPackageWithPolicies,
  getAssignmentRequest,
  listAccessPackages,
  listAccessPackagesOfCatalogs,
  listAssignments,
  listCatalogs,
  listOpenRequests,
  resumeAssignmentRequest,
} from '../../../src/graph';
import {
  createFakeClock,
  createFakeHttp,
  createRecordingLog,
  empty,
  json,
  type FakeHttp,
} from './support/fakes';
import { referenceAssignmentRequest201 } from '../../fixtures/graph-reference';

const G = 'https://graph.microsoft.com';
const EM = `${G}/v1.0/identityGovernance/entitlementManagement`;
const AP = 'a914b616-e04e-476b-aa37-91038f0b165b';
const CAT = 'c0ffee00-0000-4000-8000-000000000001';
const USER = '46184453-e63b-4f20-86c2-c557ed5d5df9';
const POLICY = '2264bf65-76ba-417b-a27d-54d291f0cbc8';

function setup(http: FakeHttp = createFakeHttp()) {
  const graph = createGraphClient({
    http,
    clock: createFakeClock(),
    log: createRecordingLog(),
    cloud: KNOWN_CLOUDS.global,
    tenantId: 'tenant',
    getToken: async () => 't',
    random: () => 0,
  });
  return { graph, http, urls: () => http.requests.map((r) => r.url) };
}

describe('listAccessPackages', () => {
  it('filters by display name across catalogs, %-encoded with the literal doubled', async () => {
    const { graph, http, urls } = setup();
    http.respond(
      json(200, {
        value: [
          { id: AP, displayName: "O'Brien's Team", description: null, catalog: { id: CAT } },
          { id: 'p2', displayName: "O'Brien's Team" },
        ],
      }),
    );
    const packages = await listAccessPackages(graph, { displayName: "O'Brien's Team" });
    expect(urls()).toEqual([`${EM}/accessPackages?$filter=displayName%20eq%20'O''Brien''s%20Team'`]);
    expect(packages).toEqual([
      { id: AP, displayName: "O'Brien's Team", catalogId: CAT },
      { id: 'p2', displayName: "O'Brien's Team" },
    ]);
  });

  it('lists one catalog and fills in its id', async () => {
    const { graph, http, urls } = setup();
    http.respond(json(200, { value: [{ id: AP, displayName: 'R+D Lab', description: 'Lab' }] }));
    expect(await listAccessPackages(graph, { catalogId: CAT, displayName: 'R+D Lab' })).toEqual([
      { id: AP, displayName: 'R+D Lab', description: 'Lab', catalogId: CAT },
    ]);
    expect(urls()).toEqual([`${EM}/catalogs/${CAT}/accessPackages?$filter=displayName%20eq%20'R%2BD%20Lab'`]);
  });

  it('lists everything without a name, with no $expand (the list documents $select and $filter)', async () => {
    const { graph, http, urls } = setup();
    http.respond(json(200, { value: [] }));
    await listAccessPackages(graph);
    expect(urls()).toEqual([`${EM}/accessPackages`]);
  });
});

describe('listAccessPackagesOfCatalogs', () => {
  it('reads every package with its catalog in one call where Graph expands catalog', async () => {
    const { graph, http, urls } = setup();
    http.respond(json(200, { value: [{ id: AP, displayName: 'A', catalog: { id: CAT } }] }));
    const packages = await listAccessPackagesOfCatalogs(graph, Promise.resolve([{ id: CAT }]));
    expect(packages).toEqual([{ id: AP, displayName: 'A', catalogId: CAT }]);
    expect(urls()).toEqual([`${EM}/accessPackages?$expand=catalog`]);
  });

  it('lists catalog by catalog when Graph refuses the undocumented $expand with 400', async () => {
    const { graph, http, urls } = setup();
    http.respond(
      json(400, { error: { code: 'BadRequest', message: "'$expand=catalog' is not supported." } }),
      json(200, { value: [{ id: AP, displayName: 'A' }] }),
      json(200, { value: [] }),
    );
    const packages = await listAccessPackagesOfCatalogs(graph, Promise.resolve([{ id: CAT }, { id: 'c2' }]));
    expect(packages).toEqual([{ id: AP, displayName: 'A', catalogId: CAT }]);
    expect(urls()).toEqual([
      `${EM}/accessPackages?$expand=catalog`,
      `${EM}/catalogs/${CAT}/accessPackages`,
      `${EM}/catalogs/c2/accessPackages`,
    ]);
  });
});

describe('getAccessPackageWithPolicies', () => {
  it('expands assignmentPolicies and normalises them', async () => {
    const { graph, http, urls } = setup();
    http.respond(
      json(200, {
        id: AP,
        displayName: 'Sales & Marketing',
        catalog: { id: CAT, displayName: 'General' },
        assignmentPolicies: [
          {
            id: POLICY,
            displayName: 'Admin only',
            allowedTargetScope: 'NotSpecified',
            specificAllowedTargets: [
              { '@odata.type': '#microsoft.graph.groupMembers', groupId: 'g1', description: 'Sales' },
            ],
            expiration: { type: 'afterDuration', duration: 'P365D', endDateTime: null },
            requestorSettings: { enableTargetsToSelfAddAccess: false, onBehalfRequestors: [] },
            requestApprovalSettings: {
              isApprovalRequiredForAdd: true,
              stages: [{ durationBeforeAutomaticDenial: 'P2D' }],
            },
            catalog: { id: CAT, displayName: 'General' },
            futureField: { anything: 1 },
          },
          { id: 'p2', specificAllowedTargets: null, expiration: null },
        ],
      }),
    );
    const pkg = await getAccessPackageWithPolicies(graph, AP);
    expect(urls()).toEqual([`${EM}/accessPackages/${AP}?$expand=assignmentPolicies%2Ccatalog`]);
    expect(pkg).toEqual({
      id: AP,
      displayName: 'Sales & Marketing',
      catalogId: CAT,
      assignmentPolicies: [
        {
          id: POLICY,
          displayName: 'Admin only',
          allowedTargetScope: 'notSpecified',
          specificAllowedTargets: [
            { '@odata.type': '#microsoft.graph.groupMembers', groupId: 'g1', description: 'Sales' },
          ],
          expiration: { type: 'afterDuration', duration: 'P365D' },
          requestorSettings: { enableTargetsToSelfAddAccess: false, onBehalfRequestors: [] },
          requestApprovalSettings: {
            isApprovalRequiredForAdd: true,
            stages: [{ durationBeforeAutomaticDenial: 'P2D' }],
          },
          catalog: { id: CAT, displayName: 'General' },
        },
        { id: 'p2', specificAllowedTargets: [] },
      ],
    });
  });

  it('passes 404 on as GraphNotFoundError', async () => {
    const { graph, http } = setup();
    http.respond(json(404, { error: { code: 'ResourceNotFound' } }));
    await expect(getAccessPackageWithPolicies(graph, AP)).rejects.toBeInstanceOf(GraphNotFoundError);
  });
});

describe('listCatalogs', () => {
  it('reads every page', async () => {
    const { graph, http } = setup();
    http.respond(
      json(200, {
        value: [{ id: 'c1', displayName: 'One', state: 'published', isExternallyVisible: null }],
        '@odata.nextLink': `${EM}/catalogs?$skiptoken=2`,
      }),
      json(200, { value: [{ id: 'c2', displayName: 'Two', catalogType: 'userManaged' }] }),
    );
    expect(await listCatalogs(graph)).toEqual([
      { id: 'c1', displayName: 'One', state: 'published' },
      { id: 'c2', displayName: 'Two', catalogType: 'userManaged' },
    ]);
  });
});

const SELECT = '$select=id%2CdisplayName%2CuserPrincipalName%2Cmail%2CotherMails%2CuserType%2CaccountEnabled';
const user = (id: string, fields: Record<string, unknown> = {}) => ({
  id,
  displayName: id,
  otherMails: [],
  ...fields,
});

describe('findUser', () => {
  it('gets an object id directly', async () => {
    const { graph, http, urls } = setup();
    http.respond(json(200, user(USER, { userPrincipalName: 'adele@contoso.com', accountEnabled: true })));
    expect(await findUser(graph, USER.toUpperCase())).toMatchObject({ id: USER, accountEnabled: true });
    expect(urls()).toEqual([`${G}/v1.0/users/${USER.toUpperCase()}?${SELECT}`]);
  });

  it('answers undefined for an unknown object id', async () => {
    const { graph, http } = setup();
    http.respond(json(404, { error: { code: 'Request_ResourceNotFound' } }));
    expect(await findUser(graph, USER)).toBeUndefined();
  });

  it('looks up UPN, mail and otherMails in one filtered call', async () => {
    const { graph, http, urls } = setup();
    http.respond(json(200, { value: [user('u1', { userPrincipalName: 'a+b@x.com' })] }));
    expect(await findUser(graph, ' a+b@x.com ')).toMatchObject({ id: 'u1' });
    const filter =
      "userPrincipalName eq 'a+b@x.com' or mail eq 'a+b@x.com' or otherMails/any(m:m eq 'a+b@x.com')";
    expect(urls()).toEqual([`${G}/v1.0/users?$filter=${encodeURIComponent(filter)}&${SELECT}`]);
    expect(urls()[0]).not.toContain('+');
  });

  it('prefers a UPN match over mail over otherMails, case-insensitively', async () => {
    const { graph, http } = setup();
    http.respond(
      json(200, {
        value: [
          user('byOther', { otherMails: ['ADELE@x.com'] }),
          user('byMail', { mail: 'Adele@X.com' }),
          user('byUpn', { userPrincipalName: 'adele@x.COM' }),
        ],
      }),
      json(200, {
        value: [user('byOther', { otherMails: ['adele@x.com'] }), user('byMail', { mail: 'adele@x.com' })],
      }),
      json(200, { value: [user('byOther', { otherMails: ['adele@x.com'] })] }),
    );
    expect((await findUser(graph, 'adele@x.com'))?.id).toBe('byUpn');
    expect((await findUser(graph, 'adele@x.com'))?.id).toBe('byMail');
    expect((await findUser(graph, 'adele@x.com'))?.id).toBe('byOther');
  });

  it('throws AmbiguousUserError when two users match at the same precedence', async () => {
    const { graph, http } = setup();
    http.respond(
      json(200, {
        value: [
          user('u1', { mail: 'shared@x.com', userPrincipalName: 'one@x.com' }),
          user('u2', { mail: 'shared@x.com', userPrincipalName: 'two@x.com' }),
        ],
      }),
    );
    const error = await findUser(graph, 'shared@x.com').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AmbiguousUserError);
    expect(error).toMatchObject({
      code: 'ambiguous_user',
      candidates: [
        { id: 'u1', userPrincipalName: 'one@x.com' },
        { id: 'u2', userPrincipalName: 'two@x.com' },
      ],
    });
  });

  it('answers undefined when nobody matches', async () => {
    const { graph, http } = setup();
    http.respond(json(200, { value: [] }));
    expect(await findUser(graph, 'nobody@x.com')).toBeUndefined();
    expect(await findUser(graph, '   ')).toBeUndefined();
  });

  it('falls back to one call per precedence when Graph refuses the combined filter', async () => {
    const { graph, http, urls } = setup();
    http.respond(
      json(400, { error: { code: 'Request_UnsupportedQuery' } }),
      json(404, {}),
      json(200, { value: [] }),
      json(200, { value: [user('u9', { otherMails: ['x#y@z.com'] })] }),
    );
    expect((await findUser(graph, 'x#y@z.com'))?.id).toBe('u9');
    expect(urls().slice(1)).toEqual([
      `${G}/v1.0/users/x%23y@z.com?${SELECT}`,
      `${G}/v1.0/users?$filter=${encodeURIComponent("mail eq 'x#y@z.com'")}&${SELECT}`,
      `${G}/v1.0/users?$filter=${encodeURIComponent("otherMails/any(m:m eq 'x#y@z.com')")}&${SELECT}`,
    ]);
  });

  it('falls back to the key form for a UPN starting with $', async () => {
    const { graph, http, urls } = setup();
    http.respond(json(400, {}), json(200, user('u$', { userPrincipalName: '$admin@x.com' })));
    expect((await findUser(graph, '$admin@x.com'))?.id).toBe('u$');
    expect(urls()[1]).toBe(`${G}/v1.0/users('$admin@x.com')?${SELECT}`);
  });

  it('passes other errors on', async () => {
    const { graph, http } = setup();
    http.respond(json(403, {}));
    await expect(findUser(graph, 'a@x.com')).rejects.toMatchObject({ code: 'graph_forbidden' });
  });
});

describe('listAssignments', () => {
  it('filters by package and target, expanding target', async () => {
    const { graph, http, urls } = setup();
    http.respond(
      json(200, {
        value: [
          {
            id: 'as1',
            state: 'Delivered',
            status: 'Delivered',
            expiredDateTime: null,
            target: { objectId: USER, displayName: 'Adele' },
            schedule: { startDateTime: '2025-01-01T00:00:00Z', expiration: { type: 'noExpiration' } },
          },
          { id: 'as2', assignmentState: 'expired', target: { objectId: USER.toUpperCase() } },
          { id: 'stranger', state: 'delivered', target: { objectId: 'someone-else' } },
        ],
      }),
    );
    const assignments = await listAssignments(graph, { accessPackageId: AP, userId: USER });
    expect(urls()).toEqual([
      `${EM}/assignments?$expand=target&$filter=${encodeURIComponent(`accessPackage/id eq '${AP}' and target/objectId eq '${USER}'`)}`,
    ]);
    expect(assignments).toEqual([
      {
        id: 'as1',
        state: 'delivered',
        status: 'Delivered',
        target: { objectId: USER, displayName: 'Adele' },
        schedule: { startDateTime: '2025-01-01T00:00:00Z', expiration: { type: 'noExpiration' } },
      },
      { id: 'as2', state: 'expired', target: { objectId: USER.toUpperCase() } },
    ]);
  });
});

describe('listOpenRequests', () => {
  it('keeps open requests, for the user when given', async () => {
    const { graph, http, urls } = setup();
    const value = [
      { id: 'r1', state: 'pendingApproval', assignment: { targetId: USER } },
      {
        id: 'r2',
        requestState: 'Submitted',
        requestStatus: 'Accepted',
        assignment: { target: { objectId: USER } },
      },
      { id: 'r3', state: 'delivered', assignment: { targetId: USER } },
      { id: 'r4', state: 'delivering', assignment: { targetId: 'other' } },
      { id: 'r5', state: 'scheduled', assignment: null },
      {
        id: 'r6',
        state: 'submitted',
        accessPackage: { id: 'another-package' },
        assignment: { targetId: USER },
      },
    ];
    // r5's target is not in the list (nothing nested is documented there): read from r5 itself.
    const r5 = { id: 'r5', state: 'scheduled', assignment: { id: 'as5', target: { objectId: USER } } };
    http.respond(json(200, { value }), json(200, r5), json(200, { value }));
    const mine = await listOpenRequests(graph, { accessPackageId: AP, userId: USER });
    expect(mine.map((r) => r.id)).toEqual(['r1', 'r2', 'r5']);
    expect(mine[1]).toMatchObject({ state: 'submitted', status: 'Accepted' });
    expect(urls().slice(0, 2)).toEqual([
      `${EM}/assignmentRequests?$expand=assignment&$filter=${encodeURIComponent(`accessPackage/id eq '${AP}'`)}`,
      `${EM}/assignmentRequests/r5?$expand=${encodeURIComponent('assignment($expand=target)')}`,
    ]);
    expect((await listOpenRequests(graph, { accessPackageId: AP })).map((r) => r.id)).toEqual([
      'r1',
      'r2',
      'r4',
      'r5',
    ]);
  });
});

// The documented answer, with the enum in another casing (the client compares case-insensitively).
const created = { ...referenceAssignmentRequest201, requestType: 'AdminAdd' };

describe('createAssignmentRequest', () => {
  it('posts adminAdd with targetId, policy and package (reference 1.4)', async () => {
    const { graph, http, urls } = setup();
    http.respond(json(201, created));
    const request = await createAssignmentRequest(graph, {
      requestType: 'adminAdd',
      targetId: USER,
      accessPackageId: AP,
      assignmentPolicyId: POLICY,
      justification: 'JSM-12',
      schedule: {
        startDateTime: '2025-02-01T00:00:00Z',
        expiration: { type: 'afterDuration', duration: 'P30D' },
      },
    });
    expect(urls()).toEqual([`${EM}/assignmentRequests`]);
    expect(JSON.parse(http.requests[0]!.body!)).toEqual({
      requestType: 'adminAdd',
      assignment: { targetId: USER, assignmentPolicyId: POLICY, accessPackageId: AP },
      justification: 'JSM-12',
      schedule: {
        startDateTime: '2025-02-01T00:00:00Z',
        expiration: { type: 'afterDuration', duration: 'P30D' },
      },
    });
    expect(request).toEqual({
      id: created.id,
      requestType: 'adminAdd',
      state: 'submitted',
      status: 'Accepted',
      schedule: { expiration: { type: 'notSpecified' } },
      customExtensionCalloutInstances: [],
    });
  });

  it('posts adminRemove with the assignment id', async () => {
    const { graph, http } = setup();
    http.respond(json(201, { ...created, requestType: 'adminRemove' }));
    await createAssignmentRequest(graph, { requestType: 'adminRemove', assignmentId: 'as1' });
    expect(JSON.parse(http.requests[0]!.body!)).toEqual({
      requestType: 'adminRemove',
      assignment: { id: 'as1' },
    });
  });

  it("surfaces a policy refusal as GraphBadRequestError with Graph's words", async () => {
    const { graph, http } = setup();
    http.respond(
      json(400, {
        error: {
          code: 'AccessPackageAssignmentRequestPolicyViolation',
          message: "You don't meet policy requirements.",
        },
      }),
    );
    const error = await createAssignmentRequest(graph, {
      requestType: 'adminAdd',
      targetId: USER,
      accessPackageId: AP,
      assignmentPolicyId: POLICY,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphBadRequestError);
    expect((error as GraphBadRequestError).graphMessage).toBe("You don't meet policy requirements.");
  });
});

describe('getAssignmentRequest', () => {
  it('expands the assignment', async () => {
    const { graph, http, urls } = setup();
    http.respond(
      json(200, {
        ...created,
        state: 'Delivered',
        status: 'Delivered',
        completedDateTime: '2025-01-15T12:05:00Z',
        assignment: { id: 'as1', state: 'delivered', targetId: USER },
      }),
    );
    const request = await getAssignmentRequest(graph, created.id);
    expect(urls()).toEqual([`${EM}/assignmentRequests/${created.id}?$expand=assignment`]);
    expect(request).toMatchObject({
      state: 'delivered',
      completedDateTime: '2025-01-15T12:05:00Z',
      assignment: { id: 'as1', state: 'delivered', targetId: USER },
    });
  });
});

describe('resumeAssignmentRequest', () => {
  it('posts the callback data to /resume and accepts 204', async () => {
    const { graph, http, urls } = setup();
    http.respond(empty(204));
    await resumeAssignmentRequest(graph, created.id, {
      source: 'JiraServiceManagement',
      type: 'microsoft.graph.accessPackageCustomExtensionStage.assignmentRequestApproved',
      data: {
        stage: 'assignmentRequestApproved',
        customExtensionStageInstanceId: '957d0c50',
        customExtensionStageInstanceDetail: 'JSM-1234 done',
      },
    });
    expect(urls()).toEqual([`${EM}/assignmentRequests/${created.id}/resume`]);
    expect(JSON.parse(http.requests[0]!.body!)).toEqual({
      source: 'JiraServiceManagement',
      type: 'microsoft.graph.accessPackageCustomExtensionStage.assignmentRequestApproved',
      data: {
        '@odata.type': 'microsoft.graph.accessPackageAssignmentRequestCallbackData',
        stage: 'assignmentRequestApproved',
        customExtensionStageInstanceId: '957d0c50',
        customExtensionStageInstanceDetail: 'JSM-1234 done',
      },
    });
  });
});
