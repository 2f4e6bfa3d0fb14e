// Property (issue 7): whatever event Jira delivers, the issue-created and issue-updated triggers
// answer with one of their outcomes and never throw; a refusal names the fields at fault in the
// log; what they queue is a job the consumer accepts. Events are generated from scratch and as
// mutations of real Forge events (so they reach the deep branches: approval, resume, duplicates).
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createFakeClock } from '../../sandbox/adapters/fake-clock';
import { createMemoryStore } from '../../sandbox/adapters/memory-store';
import { createMemoryQueue } from '../../sandbox/adapters/memory-queue';
import { createRecordingLog } from '../../sandbox/adapters/recording-log';
import type { Ports } from '../../src/core/ports';
import { saveConfig } from '../../src/core/config-store';
import { saveOfflineTicket } from '../../src/core/offline/offline-ticket';
import { JobSchema } from '../../src/core/queue/jobs';
import { ticketKey } from '../../src/core/access-request/ticket-state';
import { onIssueCreated } from '../../src/core/triggers/on-issue-created';
import { onIssueUpdated } from '../../src/core/triggers/on-issue-updated';
import { asParsedJson, awkwardString, jsonish, mutationsOf, RUNS } from './support/arbitraries';

const clock = createFakeClock();
const store = createMemoryStore({ clock });
const queue = createMemoryQueue({ clock });
const log = createRecordingLog();
const refuse = () => Promise.reject(new Error('The triggers make no outbound call.'));
const ports: Ports = { store, queue, clock, log, http: { fetch: refuse }, jira: { request: refuse } };
const OUTCOMES = new Set(['queued', 'ignored', 'duplicate', 'rejected']);

beforeAll(async () => {
  await saveConfig(store, {
    credentials: [
      { id: 'app', displayName: 'App', clientId: '0a0a0a0a-0000-4000-8000-00000000a99c', kind: 'secret' },
    ],
    tenants: [
      {
        tenantId: '11111111-1111-4111-8111-111111111111',
        displayName: 'Contoso',
        cloud: 'global',
        credentialId: 'app',
        organizations: [{ id: '1', name: 'Contoso' }],
      },
    ],
    requestTypes: [
      {
        requestTypeId: '1',
        serviceDeskId: '1',
        projectId: '10000',
        issueTypeId: '10003',
        action: 'grant',
        packageFieldId: 'customfield_10050',
      },
      {
        requestTypeId: '2',
        serviceDeskId: '1',
        projectId: '10000',
        issueTypeId: '10004',
        action: 'grant',
        approval: { required: true, approvedStatus: 'In progress' },
      },
    ],
  });
  await saveOfflineTicket(store, {
    issueId: '10042',
    issueKey: 'HELP-42',
    tenantId: '11111111-1111-4111-8111-111111111111',
    routeId: 'r',
    stage: 'assignmentRequestApproved',
    requestId: 'req',
    stageInstanceId: 'sii',
    receivedAt: 0,
    timeoutAt: 1,
    awaitsResume: true,
    closed: false,
    warned: false,
  });
  // The same issue as an access request waiting for JSM approval: the approval branch.
  await store.set(ticketKey('10042'), {
    version: 1,
    issueId: '10042',
    issueKey: 'HELP-42',
    action: 'grant',
    requestTypeId: '2',
    phase: 'waiting-for-approval',
    receivedAt: 0,
    followUps: 0,
    retries: 0,
    updatedAt: 0,
  });
});

/** A Forge issue event as the Jira emulator emits it (forge-platform.md section 2). */
const baseEvent = (changelog: boolean) => ({
  eventType: changelog ? 'avi:jira:updated:issue' : 'avi:jira:created:issue',
  selfGenerated: false,
  timestamp: '1795824000000',
  atlassianId: 'qm:1',
  associatedUsers: [{ accountId: 'qm:1' }],
  issue: {
    id: '10042',
    key: 'HELP-42',
    fields: {
      summary: 'Access: Sales',
      issueType: { id: changelog ? '10004' : '10003', name: 'Service Request', subtask: false },
      project: { id: '10000', key: 'HELP', name: 'IT Help' },
      status: {
        id: '3',
        name: 'In progress',
        statusCategory: { id: 4, key: changelog ? 'done' : 'new', name: 'In Progress' },
      },
      reporter: { accountId: 'qm:1' },
    },
  },
  ...(changelog
    ? {
        changelog: {
          id: '1',
          items: [
            {
              field: 'status',
              fieldtype: 'jira',
              fieldId: 'status',
              from: '10001',
              fromString: 'Waiting for support',
              to: '3',
              toString: 'In progress',
            },
          ],
        },
      }
    : {}),
});

/** Events with ids of every type, proto keys, odd changelog items, and real shapes mutated. */
const events = (changelog: boolean): fc.Arbitrary<unknown> =>
  fc.oneof(
    { weight: 6, arbitrary: mutationsOf(baseEvent(changelog)) },
    {
      weight: 2,
      arbitrary: fc
        .record(
          {
            issue: fc.record(
              { id: fc.oneof(fc.nat().map(String), fc.integer(), awkwardString, jsonish), fields: jsonish },
              { requiredKeys: [] },
            ),
            changelog: fc.record(
              {
                items: fc.array(
                  fc.dictionary(
                    fc.constantFrom('field', 'fieldId', 'toString', 'to', '__proto__', 'constructor'),
                    jsonish,
                  ),
                  { maxLength: 3 },
                ),
              },
              { requiredKeys: [] },
            ),
          },
          { requiredKeys: [] },
        )
        .map(asParsedJson),
    },
    { weight: 1, arbitrary: jsonish.map(asParsedJson) },
  );

async function check(
  trigger: (p: Ports, e: unknown) => Promise<string>,
  event: unknown,
  rejectedEvent: string,
) {
  const pushedBefore = queue.pushed.length;
  const logged = log.events.length;
  const outcome = await trigger(ports, event);
  expect(OUTCOMES.has(outcome)).toBe(true);
  const pushed = queue.pushed.slice(pushedBefore);
  if (outcome === 'queued') {
    expect(pushed).toHaveLength(1);
    const job = JobSchema.safeParse(pushed[0]!.job);
    expect(job.success).toBe(true);
  } else {
    expect(pushed).toHaveLength(0);
  }
  if (outcome === 'rejected') {
    const refusal = log.events.slice(logged).find((e) => e.name === rejectedEvent);
    expect(refusal?.fields.issues).toEqual(expect.any(Array));
  }
  // Never pollutes the prototype of plain objects, whatever `__proto__` keys arrive.
  expect(Object.keys(Object.prototype)).toEqual([]);
}

describe('issue events, 10,000 each', () => {
  it('issue created: queued, ignored, duplicate or rejected with the fields named; never a throw', async () => {
    await fc.assert(
      fc.asyncProperty(events(false), (event) => check(onIssueCreated, event, 'trigger.created.rejected')),
      { numRuns: RUNS },
    );
    // The generators reached every outcome.
    expect(new Set(queue.pushed.map((p) => p.job.type))).toContain('access-request');
  });

  it('issue updated: the same, through the approval and the resume branches', async () => {
    const before = queue.pushed.length;
    await fc.assert(
      fc.asyncProperty(events(true), (event) => check(onIssueUpdated, event, 'trigger.updated.rejected')),
      { numRuns: RUNS },
    );
    expect(new Set(queue.pushed.slice(before).map((p) => p.job.type))).toEqual(
      new Set(['resume', 'access-request']),
    );
  });
});
