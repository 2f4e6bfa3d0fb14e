// Every src/jira call against the Jira emulator: the success path and the 404 path.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addComment,
  addRequestComment,
  bulletList,
  createCustomerRequest,
  createIssue,
  deleteIssueProperty,
  doc,
  editIssue,
  setIssuePriority,
  findFieldIdsByType,
  getCommentsByIds,
  getCustomerRequest,
  getIssue,
  getIssueProperty,
  getMyself,
  getTransitions,
  getUser,
  getUserEmail,
  JiraBadRequestError,
  JiraNotFoundError,
  JiraTransitionNotFoundError,
  listComments,
  listFields,
  listOrganizations,
  listOrganizationsOfCustomer,
  listOrganizationUsers,
  listPriorities,
  listRequestTypes,
  listServiceDesks,
  paragraph,
  setIssueProperty,
  strong,
  transitionIssue,
} from '../../../src/jira';
import { startTestSite, type TestSite } from './site';

let s: TestSite;
let key: string;

beforeAll(async () => {
  s = await startTestSite();
  key = s.emu.createRequestAsCustomer({
    accountId: s.jane,
    serviceDeskId: s.deskId,
    requestTypeId: s.grantTypeId,
    summary: 'Access to Sales tools',
    fields: { [s.packageFieldId]: 'Sales & Marketing – EMEA' },
  }).key;
});
afterAll(() => s.emu.close());

describe('fields and issues', () => {
  it('finds the JSM fields by type and reads the issue the trigger named', async () => {
    const ids = findFieldIdsByType(await listFields(s.jira));
    expect(ids).toEqual(s.emu.fieldIds);
    const issue = await getIssue(s.jira, key, [
      'summary',
      'reporter',
      'status',
      'project',
      'issuetype',
      ids.organizations!,
      ids.requestType!,
      s.packageFieldId,
    ]);
    expect(issue).toMatchObject({
      key,
      summary: 'Access to Sales tools',
      reporter: { accountId: s.jane, emailAddress: 'jane@contoso.com', displayName: 'Jane Doe' },
      status: { name: 'Waiting for support', statusCategory: { key: 'new' } },
      project: { key: 'HELP' },
      issuetype: { id: '10001' },
      requestTypeId: s.grantTypeId,
      organizations: [{ id: s.orgs.contoso, name: 'Contoso & Sons' }],
    });
    expect(issue.fields[s.packageFieldId]).toBe('Sales & Marketing – EMEA');
  });

  it('returns only the fields asked for', async () => {
    const issue = await getIssue(s.jira, key, ['status']);
    expect(Object.keys(issue.fields)).toEqual(['status']);
    expect(issue.reporter).toBeUndefined();
    expect(issue.requestTypeId).toBeUndefined();
  });

  it('an issue created outside JSM has no request type and no organizations', async () => {
    const created = await createIssue(s.jira, {
      projectKey: 'HELP',
      issueTypeId: '10003',
      summary: 'Offline app',
      descriptionAdf: doc('x'),
    });
    const issue = await getIssue(s.jira, created.key, [
      s.emu.fieldIds.requestType,
      s.emu.fieldIds.organizations,
    ]);
    expect(issue.requestTypeId).toBeNull();
    expect(issue.organizations).toEqual([]);
  });

  it("404 for a missing issue, as JiraNotFoundError with Jira's message", async () => {
    const error = await getIssue(s.jira, 'HELP-999', ['status']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JiraNotFoundError);
    expect((error as JiraNotFoundError).errorMessages).toEqual([
      'Issue does not exist or you do not have permission to see it.',
    ]);
  });
});

describe('organizations', () => {
  it("lists a customer's organizations and all organizations", async () => {
    expect((await listOrganizationsOfCustomer(s.jira, s.omar)).map((o) => o.name)).toEqual([
      'Contoso & Sons',
      "Fabrikam's Ünïcode Org",
    ]);
    expect((await listOrganizations(s.jira)).map((o) => o.id)).toEqual([s.orgs.contoso, s.orgs.fabrikam]);
    // Omar hides his email: JSM's user objects follow profile visibility too.
    expect((await listOrganizationUsers(s.jira, s.orgs.contoso)).map((u) => u.emailAddress)).toEqual([
      'jane@contoso.com',
      undefined,
    ]);
  });
  it('404 for an unknown customer or organization', async () => {
    await expect(listOrganizationsOfCustomer(s.jira, 'qm:nobody')).rejects.toBeInstanceOf(JiraNotFoundError);
    await expect(listOrganizationUsers(s.jira, '999')).rejects.toBeInstanceOf(JiraNotFoundError);
  });
});

describe('comments', () => {
  it('adds an internal and a public comment and reads them back', async () => {
    const internalId = await addComment(s.jira, key, {
      adf: doc(
        paragraph('Assignment request ', strong('42'), ' submitted.'),
        bulletList(['tenant: contoso']),
      ),
      internal: true,
      properties: [{ key: 'access-bridge', value: { effect: 'e1' } }],
    });
    const publicId = await addComment(s.jira, key, {
      adf: doc('Your access is on its way.'),
      internal: false,
    });
    const stored = s.emu.comments(key);
    expect(stored.map((c) => [c.id, c.internal, c.text])).toEqual([
      [internalId, true, 'Assignment request 42 submitted.\ntenant: contoso'],
      [publicId, false, 'Your access is on its way.'],
    ]);
    const listed = await listComments(s.jira, key);
    expect(listed.map((c) => [c.id, c.internal])).toEqual([
      [internalId, true],
      [publicId, false],
    ]);
    const [withProperties] = await getCommentsByIds(s.jira, [internalId]);
    expect(withProperties?.properties).toEqual({
      'sd.public.comment': { internal: true },
      'access-bridge': { effect: 'e1' },
    });
    expect(withProperties?.internal).toBe(true);
  });

  it('lists the comments since a time, newest first, stopping at the first older page', async () => {
    const created = await createIssue(s.jira, {
      projectKey: 'HELP',
      issueTypeId: '10003',
      summary: 'Since',
      descriptionAdf: doc(),
    });
    for (let i = 0; i < 150; i++) s.emu.addCommentAs(created.key, { accountId: s.jane, text: `c${i}` });
    const before = s.emu.requests().length;
    // Every comment was made "now": a cut-off in the future leaves none and reads one page only.
    expect(await listComments(s.jira, created.key, { createdSince: Date.now() + 60_000 })).toEqual([]);
    const calls = s.emu.requests().slice(before);
    expect(calls.map((r) => [r.route, r.query.orderBy])).toEqual([
      ['GET /rest/api/3/issue/{issueIdOrKey}/comment', '-created'],
    ]);
    expect(await listComments(s.jira, created.key, { createdSince: 0 })).toHaveLength(150);
  });

  it('reads comments by id in calls of at most 1,000 ids, leaving out unknown ids', async () => {
    const before = s.emu.requests().length;
    const ids = Array.from({ length: 2500 }, (_, i) => String(900_000 + i));
    expect(await getCommentsByIds(s.jira, ids)).toEqual([]);
    const calls = s.emu.requests().slice(before);
    expect(calls.map((r) => [r.route, r.query.expand, (r.body as { ids: number[] }).ids.length])).toEqual([
      ['POST /rest/api/3/comment/list', 'properties', 1000],
      ['POST /rest/api/3/comment/list', 'properties', 1000],
      ['POST /rest/api/3/comment/list', 'properties', 500],
    ]);
  });

  it('pages through more comments than one page holds', async () => {
    const created = await createIssue(s.jira, {
      projectKey: 'HELP',
      issueTypeId: '10003',
      summary: 'Chatty',
      descriptionAdf: doc(),
    });
    for (let i = 0; i < 230; i++) s.emu.addCommentAs(created.key, { accountId: s.jane, text: `c${i}` });
    const listed = await listComments(s.jira, created.key);
    expect(listed).toHaveLength(230);
    expect(listed[229]?.internal).toBe(false);
    expect(s.emu.requests().filter((r) => r.path.endsWith(`${created.key}/comment`))).toHaveLength(3);
  });

  it('adds a JSM plain-text comment', async () => {
    const id = await addRequestComment(s.jira, key, { body: 'Agents only', public: false });
    expect(s.emu.comments(key).find((c) => c.id === id)).toMatchObject({
      internal: true,
      text: 'Agents only',
    });
  });

  it('404 for a missing issue', async () => {
    await expect(addComment(s.jira, 'HELP-999', { adf: doc('x'), internal: true })).rejects.toBeInstanceOf(
      JiraNotFoundError,
    );
    await expect(listComments(s.jira, 'HELP-999')).rejects.toBeInstanceOf(JiraNotFoundError);
  });
});

describe('transitions', () => {
  it('finds a transition by name whatever its case and performs it', async () => {
    const k = s.emu.createRequestAsCustomer({
      accountId: s.jane,
      serviceDeskId: s.deskId,
      requestTypeId: s.approvalTypeId,
      summary: 'Needs approval',
    }).key;
    expect((await getTransitions(s.jira, k)).map((t) => t.name)).toEqual([
      'Approve',
      'Decline',
      'Resolve this issue',
      'Cancel request',
    ]);
    const done = await transitionIssue(s.jira, k, 'APPROVE');
    expect(done).toMatchObject({ id: '21', to: { name: 'In progress' } });
    await transitionIssue(s.jira, k, '51');
    expect(s.emu.issue(k)).toMatchObject({ status: 'Resolved', statusCategory: 'done' });
  });

  it('says which transitions exist when the one asked for does not', async () => {
    const k = s.emu.createRequestAsCustomer({
      accountId: s.jane,
      serviceDeskId: s.deskId,
      requestTypeId: s.grantTypeId,
      summary: 'x',
    }).key;
    const error = await transitionIssue(s.jira, k, 'Approve').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JiraTransitionNotFoundError);
    expect((error as JiraTransitionNotFoundError).available.map((t) => t.name)).toContain(
      'Resolve this issue',
    );
  });

  it('404 for a missing issue', async () => {
    await expect(getTransitions(s.jira, 'HELP-999')).rejects.toBeInstanceOf(JiraNotFoundError);
  });
});

describe('issue properties', () => {
  it('sets, reads, replaces and deletes a property whose key needs encoding', async () => {
    const prop = 'access bridge/state#1';
    expect(await getIssueProperty(s.jira, key, prop)).toBeUndefined();
    expect(await setIssueProperty(s.jira, key, prop, { packageId: 'p1', note: 'ä & +' })).toBe(true);
    expect(await setIssueProperty(s.jira, key, prop, { packageId: 'p2' })).toBe(false);
    expect(await getIssueProperty(s.jira, key, prop)).toEqual({ packageId: 'p2' });
    expect(s.emu.properties(key)).toEqual({ [prop]: { packageId: 'p2' } });
    expect(await deleteIssueProperty(s.jira, key, prop)).toBe(true);
    expect(await deleteIssueProperty(s.jira, key, prop)).toBe(false);
  });
  it('404 for a missing issue on set; an oversized value is a 400', async () => {
    await expect(setIssueProperty(s.jira, 'HELP-999', 'k', 1)).rejects.toBeInstanceOf(JiraNotFoundError);
    await expect(setIssueProperty(s.jira, key, 'big', 'x'.repeat(40_000))).rejects.toBeInstanceOf(
      JiraBadRequestError,
    );
  });
});

describe('creating tickets', () => {
  it('creates a platform issue with priority and labels', async () => {
    const created = await createIssue(s.jira, {
      projectKey: 'HELP',
      issueTypeId: '10003',
      summary: 'Remove access: Legacy CRM',
      descriptionAdf: doc('Remove Jane from Legacy CRM'),
      priorityName: 'Highest',
      labels: ['access-bridge', 'offline-app'],
    });
    expect(s.emu.issue(created.key)).toMatchObject({
      summary: 'Remove access: Legacy CRM',
      priority: 'Highest',
      labels: ['access-bridge', 'offline-app'],
      description: 'Remove Jane from Legacy CRM',
      reporterId: s.emu.appAccountId,
    });
  });
  it("rejects an unknown project or priority with Jira's field errors", async () => {
    const error = await createIssue(s.jira, {
      projectKey: 'NOPE',
      issueTypeId: '10003',
      summary: 'x',
      descriptionAdf: doc(),
      priorityName: 'Urgent',
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JiraBadRequestError);
    expect(Object.keys((error as JiraBadRequestError).errors).sort()).toEqual(['priority', 'project']);
  });
  it('creates a JSM request on behalf of a customer and reads it back (a hidden email stays hidden)', async () => {
    const created = await createCustomerRequest(s.jira, {
      serviceDeskId: s.deskId,
      requestTypeId: s.grantTypeId,
      summary: 'Offline app: badge',
      descriptionAdf: doc(paragraph('Line 1'), paragraph('Line 2')),
      raiseOnBehalfOf: s.omar,
      priorityName: 'High',
    });
    const request = await getCustomerRequest(s.jira, created.key);
    expect(request).toMatchObject({
      issueKey: created.key,
      requestTypeId: s.grantTypeId,
      serviceDeskId: s.deskId,
      reporter: { accountId: s.omar },
      currentStatus: { status: 'Waiting for support', statusCategory: 'NEW' },
    });
    expect(s.emu.issue(created.key)).toMatchObject({
      description: 'Line 1\nLine 2',
      priority: 'High',
      organizationIds: [s.orgs.contoso, s.orgs.fabrikam],
    });
  });
  it('404 for a missing service desk or request', async () => {
    await expect(
      createCustomerRequest(s.jira, {
        serviceDeskId: '99',
        requestTypeId: s.grantTypeId,
        summary: 'x',
        descriptionAdf: doc(),
      }),
    ).rejects.toBeInstanceOf(JiraNotFoundError);
    await expect(getCustomerRequest(s.jira, 'HELP-999')).rejects.toBeInstanceOf(JiraNotFoundError);
  });
});

describe('discovery and users', () => {
  it('lists service desks, request types and priorities', async () => {
    expect(await listServiceDesks(s.jira)).toMatchObject([
      { id: s.deskId, projectKey: 'HELP', projectName: 'IT Help' },
    ]);
    expect((await listRequestTypes(s.jira, s.deskId)).map((t) => t.name)).toEqual([
      'Request an access package',
      'Request with approval',
    ]);
    expect((await listPriorities(s.jira)).map((p) => p.name)).toEqual([
      'Highest',
      'High',
      'Medium',
      'Low',
      'Lowest',
    ]);
    await expect(listRequestTypes(s.jira, '99')).rejects.toBeInstanceOf(JiraNotFoundError);
  });
  it('reads users; a hidden email is absent on the platform API and JSM, and given by /user/email', async () => {
    expect(await getUser(s.jira, s.jane)).toMatchObject({
      accountId: s.jane,
      emailAddress: 'jane@contoso.com',
      accountType: 'customer',
    });
    const omar = await getUser(s.jira, s.omar);
    expect(omar.emailAddress).toBeUndefined();
    const k = s.emu.createRequestAsCustomer({
      accountId: s.omar,
      serviceDeskId: s.deskId,
      requestTypeId: s.grantTypeId,
      summary: 'x',
    }).key;
    expect((await getIssue(s.jira, k, ['reporter'])).reporter?.emailAddress).toBeUndefined();
    expect((await getCustomerRequest(s.jira, k)).reporter?.emailAddress).toBeUndefined();
    expect(await getUserEmail(s.jira, s.omar)).toBe('omar+it@fabrikam.com');
    expect((await getMyself(s.jira)).accountId).toBe(s.emu.appAccountId);
    await expect(getUser(s.jira, 'qm:nobody')).rejects.toBeInstanceOf(JiraNotFoundError);
  });
});

describe('editing issues', () => {
  it('raises the priority and emits the change', async () => {
    const created = await createIssue(s.jira, {
      projectKey: 'HELP',
      issueTypeId: '10003',
      summary: 'Offline',
      descriptionAdf: doc('x'),
    });
    const seen: unknown[] = [];
    const off = s.emu.events.on('issueUpdated', (e) => {
      seen.push(e.changelog);
    });
    await setIssuePriority(s.jira, created.key, 'Highest');
    await setIssuePriority(s.jira, created.key, 'Highest'); // no change, no event
    off();
    expect(s.emu.issue(created.key).priority).toBe('Highest');
    expect(seen).toMatchObject([
      { items: [{ fieldId: 'priority', fromString: 'Medium', toString: 'Highest' }] },
    ]);
  });
  it('edits other fields; an unknown priority or field is a 400, a missing issue a 404', async () => {
    const created = await createIssue(s.jira, {
      projectKey: 'HELP',
      issueTypeId: '10003',
      summary: 'Offline',
      descriptionAdf: doc('x'),
    });
    await editIssue(s.jira, created.key, { summary: 'Renamed', labels: ['a'], [s.packageFieldId]: 'pkg' });
    expect(s.emu.issue(created.key)).toMatchObject({
      summary: 'Renamed',
      labels: ['a'],
      custom: { [s.packageFieldId]: 'pkg' },
    });
    await expect(setIssuePriority(s.jira, created.key, 'Urgent')).rejects.toBeInstanceOf(JiraBadRequestError);
    await expect(editIssue(s.jira, created.key, { customfield_99999: 'x' })).rejects.toBeInstanceOf(
      JiraBadRequestError,
    );
    await expect(setIssuePriority(s.jira, 'HELP-999', 'High')).rejects.toBeInstanceOf(JiraNotFoundError);
  });
});
