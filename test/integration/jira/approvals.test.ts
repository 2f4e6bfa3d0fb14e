// The emulator's JSM approvals, as documented for JSM Cloud
// (https://developer.atlassian.com/cloud/jira/service-desk/rest/api-group-request/#api-rest-servicedeskapi-request-issueidorkey-approval-get),
// read through the app's own listApprovals: paging, approvers and their decisions, dates, the
// final decision moving the request on with an issue-updated event, and the app (never an
// approver) unable to answer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpJira } from '../../../sandbox/adapters/jira-http';
import { startJiraEmulator, type JiraEmulator } from '../../../sandbox/emulators/jira';
import { listApprovals } from '../../../src/jira';
import type { Jira } from '../../../src/core/ports';

let emu: JiraEmulator;
let jira: Jira;
let now = Date.UTC(2026, 10, 28);
let desk: string;
let approvalType: string;
let customer: string;
let ada: string;
let bo: string;

beforeAll(async () => {
  emu = await startJiraEmulator({ now: () => now });
  jira = createHttpJira(emu.url);
  desk = emu.addServiceDesk({ projectKey: 'HELP', projectName: 'IT Help' }).id;
  ada = emu.addAgent({ email: 'ada@msp.example', displayName: 'Ada Approver' }).accountId;
  bo = emu.addAgent({ email: 'bo@msp.example', displayName: 'Bo Approver' }).accountId;
  approvalType = emu.addRequestType(desk, { name: 'Sensitive', approval: true, approverIds: [ada, bo] }).id;
  customer = emu.addCustomer({ email: 'c@contoso.com', displayName: 'C' }).accountId;
});
afterAll(() => emu.close());

const raise = () =>
  emu.createRequestAsCustomer({
    accountId: customer,
    serviceDeskId: desk,
    requestTypeId: approvalType,
    summary: 's',
  });

describe('JSM approvals on the emulator', () => {
  it('a request entering "Waiting for approval" gets one pending approval naming its approvers', async () => {
    const issue = raise();
    const [approval] = await listApprovals(jira, issue.key);
    expect(approval).toMatchObject({
      finalDecision: 'pending',
      approvers: [
        { accountId: ada, displayName: 'Ada Approver', decision: 'pending' },
        { accountId: bo, displayName: 'Bo Approver', decision: 'pending' },
      ],
      createdAt: now,
      completedAt: undefined,
    });
  });

  it('an approve is final with one approver by default, dated, and moves the request on with an event', async () => {
    const issue = raise();
    now += 5000;
    const events = emu.events.history.length;
    emu.approve(issue.key, ada);
    const [approval] = await listApprovals(jira, issue.key);
    expect(approval).toMatchObject({ finalDecision: 'approved', completedAt: now });
    expect(approval!.approvers.find((a) => a.accountId === ada)?.decision).toBe('approved');
    expect(emu.issue(issue.key).status).toBe('In progress');
    expect(emu.events.history.slice(events).map((e) => e.eventType)).toEqual(['avi:jira:updated:issue']);
  });

  it('one decline declines, even when more approvals are required', async () => {
    emu.setApprovalsRequired(2);
    try {
      const issue = raise();
      emu.approve(issue.key, ada);
      expect((await listApprovals(jira, issue.key))[0]?.finalDecision).toBe('pending');
      emu.decline(issue.key, bo);
      expect((await listApprovals(jira, issue.key))[0]?.finalDecision).toBe('declined');
      expect(emu.issue(issue.key).status).toBe('Declined');
      expect(() => emu.approve(issue.key, ada)).toThrow(/no pending approval/);
    } finally {
      emu.setApprovalsRequired(1);
    }
  });

  it('refuses an answer from someone who is not an approver, and from the app itself', async () => {
    const issue = raise();
    expect(() => emu.approve(issue.key, customer)).toThrow(/forbidden/);
    const [approval] = await listApprovals(jira, issue.key);
    const answer = await jira.request(
      'POST',
      `/rest/servicedeskapi/request/${issue.key}/approval/${approval!.id}`,
      { decision: 'approve' },
    );
    expect(answer.status).toBe(403);
    const bad = await jira.request(
      'POST',
      `/rest/servicedeskapi/request/${issue.key}/approval/${approval!.id}`,
      {
        decision: 'maybe',
      },
    );
    expect(bad.status).toBe(400);
  });

  it('pages at most 50 approvals, checks start and limit, and 404s for an unknown request', async () => {
    const issue = raise();
    // Each time the request re-enters the approval status JSM opens a new approval.
    for (let i = 0; i < 55; i++) {
      emu.transition(issue.key, 'Decline');
      emu.transition(issue.key, 'Reopen');
      emu.transition(issue.key, 'Send for approval');
    }
    const first = await jira.request('GET', `/rest/servicedeskapi/request/${issue.key}/approval?limit=100`);
    expect(first.body).toMatchObject({ start: 0, limit: 50, size: 50, isLastPage: false });
    expect(await listApprovals(jira, issue.key)).toHaveLength(56);
    const bad = await jira.request('GET', `/rest/servicedeskapi/request/${issue.key}/approval?start=-1`);
    expect(bad.status).toBe(400);
    const missing = await jira.request('GET', '/rest/servicedeskapi/request/HELP-999/approval');
    expect(missing.status).toBe(404);
  });
});
