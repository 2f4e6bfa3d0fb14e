// The emulator's Forge events have the shape of the reference's avi:jira:created:issue example
// (forge-platform.md section 2) and carry the status changelog on updates.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ForgeIssueEvent } from '../../../sandbox/emulators/jira';
import { transitionIssue } from '../../../src/jira';
import { startTestSite, type TestSite } from './site';

let s: TestSite;
const at = Date.parse('2026-11-28T10:00:00.000Z');

beforeAll(async () => {
  s = await startTestSite({ now: () => at });
});
afterAll(() => s.emu.close());

// The reference example, keys only.
const REFERENCE_KEYS = ['eventType', 'selfGenerated', 'timestamp', 'atlassianId', 'associatedUsers', 'issue'];
const REFERENCE_FIELD_KEYS = [
  'summary',
  'issueType',
  'project',
  'creator',
  'reporter',
  'assignee',
  'status',
  'created',
  'updated',
];

describe('issue events', () => {
  it('a customer raising a request emits avi:jira:created:issue like the reference example', async () => {
    const seen: ForgeIssueEvent[] = [];
    const off = s.emu.events.on('issueCreated', (e) => {
      seen.push(e);
    });
    const { id, key } = s.emu.createRequestAsCustomer({
      accountId: s.jane,
      serviceDeskId: s.deskId,
      requestTypeId: s.grantTypeId,
      summary: 'New joiner: Jane Doe',
    });
    off();
    expect(seen).toHaveLength(1);
    const e = seen[0]!;
    expect(Object.keys(e).sort()).toEqual([...REFERENCE_KEYS].sort());
    expect(Object.keys(e.issue.fields).sort()).toEqual([...REFERENCE_FIELD_KEYS].sort());
    expect(e).toMatchObject({
      eventType: 'avi:jira:created:issue',
      selfGenerated: false,
      timestamp: String(at),
      atlassianId: s.jane,
      associatedUsers: [{ accountId: s.jane }],
      issue: {
        id,
        key,
        fields: {
          summary: 'New joiner: Jane Doe',
          issueType: { id: '10001', name: 'Service Request', subtask: false },
          project: { key: 'HELP', name: 'IT Help', projectTypeKey: 'service_desk', simplified: false },
          creator: { accountId: s.jane },
          reporter: { accountId: s.jane },
          assignee: null,
          status: {
            name: 'Waiting for support',
            statusCategory: { id: 2, key: 'new', colorName: 'blue-gray', name: 'To Do' },
          },
          created: '2026-11-28T10:00:00.000+0000',
          updated: '2026-11-28T10:00:00.000+0000',
        },
      },
    });
    expect(typeof e.timestamp).toBe('string');
    expect(s.jane).toMatch(/^qm:[0-9a-f-]{36}$/);
    // Slim: no custom fields in the event.
    expect(JSON.stringify(e)).not.toContain('customfield_');
  });

  it('a transition emits avi:jira:updated:issue with the status changelog; selfGenerated when the app did it', async () => {
    const seen: ForgeIssueEvent[] = [];
    s.emu.events.on('issueUpdated', (e) => {
      seen.push(e);
    });
    const { key } = s.emu.createRequestAsCustomer({
      accountId: s.jane,
      serviceDeskId: s.deskId,
      requestTypeId: s.approvalTypeId,
      summary: 'x',
    });
    s.emu.transition(key, 'approve'); // an agent
    await transitionIssue(s.jira, key, 'Resolve this issue'); // the app
    expect(seen.map((e) => [e.eventType, e.selfGenerated, e.atlassianId])).toEqual([
      ['avi:jira:updated:issue', false, s.emu.agentAccountId],
      ['avi:jira:updated:issue', true, s.emu.appAccountId],
    ]);
    expect(seen[0]?.changelog?.items).toEqual([
      {
        field: 'status',
        fieldtype: 'jira',
        fieldId: 'status',
        from: '10002',
        fromString: 'Waiting for approval',
        to: '3',
        toString: 'In progress',
      },
    ]);
    expect(seen[1]?.issue.fields.status).toMatchObject({ name: 'Resolved', statusCategory: { key: 'done' } });
    expect(seen[1]?.associatedStatuses).toEqual([
      { id: '3', name: 'In progress' },
      { id: '10003', name: 'Resolved' },
    ]);
  });

  it('setStatus moves to any status; a transition the workflow lacks throws with what is available', () => {
    const { key } = s.emu.createRequestAsCustomer({
      accountId: s.jane,
      serviceDeskId: s.deskId,
      requestTypeId: s.grantTypeId,
      summary: 'x',
    });
    expect(() => s.emu.transition(key, 'Approve')).toThrow(/available: "Send for approval"/);
    s.emu.setStatus(key, 'Declined');
    expect(s.emu.issue(key).statusCategory).toBe('done');
  });

  it('listener failures are recorded, and settled() waits for async listeners', async () => {
    let finished = false;
    const offA = s.emu.events.on('issueCreated', async () => {
      await new Promise((r) => setTimeout(r, 20));
      finished = true;
    });
    const offB = s.emu.events.on('issueCreated', () => {
      throw new Error('listener broke');
    });
    const before = s.emu.events.errors.length;
    s.emu.createRequestAsCustomer({
      accountId: s.jane,
      serviceDeskId: s.deskId,
      requestTypeId: s.grantTypeId,
      summary: 'x',
    });
    expect(finished).toBe(false);
    await s.emu.events.settled();
    expect(finished).toBe(true);
    expect(s.emu.events.errors.slice(before)).toMatchObject([{ message: 'listener broke' }]);
    offA();
    offB();
  });
});
