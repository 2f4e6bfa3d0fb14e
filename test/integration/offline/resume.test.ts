// Closing the loop: a resolved offline ticket resumes its Entra request exactly once, with a body
// the Graph emulator checks against the contract; a declined one denies; one Entra no longer
// waits for ends in a clear internal comment; the daily check warns once, then says Entra
// stopped waiting.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onIssueUpdated } from '../../../src/core/triggers/on-issue-updated';
import { checkOfflineTimeouts } from '../../../src/core/offline/check-offline-timeouts';
import { loadOfflineTicket } from '../../../src/core/offline/offline-ticket';
import { setIssuePriority } from '../../../src/jira';
import { startOfflineWorld, type OfflineWorld, type TenantName } from './offline-world';

let w: OfflineWorld;
beforeAll(async () => {
  w = await startOfflineWorld();
});
afterAll(() => w.close());

const DAY = 24 * 3600_000;

/** A held Entra request and the ticket its callout made. */
async function ticketFor(
  input: {
    tenant?: TenantName;
    packageId?: string;
    userId?: string;
    stage?: 'assignmentRequestApproved' | 'assignmentRequestRemoved';
    timeout?: string | null;
  } = {},
) {
  const tenant = input.tenant ?? 'contoso';
  const before = w.offlineIssueKeys();
  const held = w.hold({
    tenant,
    packageId:
      input.packageId ??
      (tenant === 'contoso' ? w.offline.contoso.packages.erp : w.offline.fabrikam.packages.rnd),
    userId: input.userId ?? (tenant === 'contoso' ? w.demo.users.adele! : w.demo.users.ines!),
    stage: input.stage,
    timeout: input.timeout,
  });
  expect((await w.deliver(tenant, held.callout)).statusCode).toBe(202);
  await w.runQueue();
  const key = w.offlineIssueKeys().find((k) => !before.includes(k))!;
  const resumes = () =>
    w
      .graph(tenant)
      .resumes()
      .filter((r) => r.requestId === held.requestId);
  const request = () =>
    w
      .graph(tenant)
      .assignmentRequests()
      .find((r) => r.id === held.requestId)!;
  const internal = () =>
    w.jira
      .comments(key)
      .filter((c) => c.internal)
      .map((c) => c.text);
  return { ...held, key, id: w.jira.issue(key).id, resumes, request, internal };
}

async function act(key: string, ...transitions: string[]) {
  for (const t of transitions) w.jira.transition(key, t);
  await w.settle();
}

describe('resolved: resume exactly once', () => {
  it("with the contract's body, whatever the duplicate events and redeliveries", async () => {
    const t = await ticketFor();
    await act(t.key, 'Resolve this issue');
    // The updated event arrives twice; the job is delivered twice; and a stray second job.
    const event = [...w.jira.events.history]
      .reverse()
      .find((e) => e.issue.key === t.key && e.eventType === 'avi:jira:updated:issue')!;
    expect(await onIssueUpdated(w.ports, event)).toBe('duplicate');
    await w.queue.push([{ type: 'resume', issueId: t.id }]);
    const run = await w.runQueue({ redeliverRate: 1, seed: 3 });
    expect(run.outcomes['gave-up']).toBe(0);

    const resumes = t.resumes();
    expect(resumes).toHaveLength(1);
    expect(resumes[0]).toMatchObject({ accepted: true, status: 204 });
    expect(resumes[0]!.body).toEqual({
      source: 'AccessBridge',
      type: 'microsoft.graph.accessPackageCustomExtensionStage.assignmentRequestApproved',
      data: {
        '@odata.type': 'microsoft.graph.accessPackageAssignmentRequestCallbackData',
        stage: 'assignmentRequestApproved',
        customExtensionStageInstanceId: t.stageInstanceId,
        customExtensionStageInstanceDetail: `${t.key} done (Done)`,
      },
    });
    expect(t.request().status).toBe('Delivering');
    expect(t.internal().filter((c) => c.includes('told Entra to resume'))).toHaveLength(1);
    expect((await loadOfflineTicket(w.store, t.id))?.closed).toBe(true);
  });

  it('reopened before the job ran, then resolved again: still one resume; reopened after: none more', async () => {
    const t = await ticketFor({ userId: w.demo.users.megan });
    await act(t.key, 'Resolve this issue', 'Reopen');
    await w.runQueue(); // finds the ticket open: resumes nothing
    expect(t.resumes()).toHaveLength(0);
    await act(t.key, 'Resolve this issue');
    await w.runQueue();
    expect(t.resumes()).toHaveLength(1);
    await act(t.key, 'Reopen', 'Resolve this issue');
    await w.runQueue();
    expect(t.resumes()).toHaveLength(1);
  });

  it('a removal resumes its own stage; Fabrikam resumes through its own cloud', async () => {
    const removal = await ticketFor({ stage: 'assignmentRequestRemoved', userId: w.demo.users.guest });
    await act(removal.key, 'Done');
    await w.runQueue();
    expect(removal.resumes()).toHaveLength(1);
    expect(removal.resumes()[0]).toMatchObject({
      accepted: true,
      body: { type: 'microsoft.graph.accessPackageCustomExtensionStage.assignmentRequestRemoved' },
    });

    const fabrikam = await ticketFor({ tenant: 'fabrikam' });
    await act(fabrikam.key, 'Resolve this issue');
    await w.runQueue();
    expect(fabrikam.resumes()).toHaveLength(1);
    expect(fabrikam.resumes()[0]!.accepted).toBe(true);
  });

  it('a launch-and-continue callout (no callback configuration): the ticket resumes nothing', async () => {
    const t = await ticketFor({ timeout: null, userId: w.demo.users.dollar });
    await act(t.key, 'Resolve this issue');
    await w.runQueue();
    expect(t.resumes()).toHaveLength(0);
  });
});

describe('declined: deny where the stage allows it', () => {
  it.each([
    ['Cancel request', "Won't Do"],
    ['Send for approval|Decline', 'Declined'],
  ])('%s (resolution %s) denies the approved request', async (transitions, resolution) => {
    const t = await ticketFor({ userId: w.demo.users.holder });
    await act(t.key, ...transitions.split('|'));
    await w.runQueue();
    const resumes = t.resumes();
    expect(resumes).toHaveLength(1);
    expect(resumes[0]).toMatchObject({
      accepted: true,
      body: {
        data: { state: 'denied', customExtensionStageInstanceDetail: `${t.key} declined (${resolution})` },
      },
    });
    expect(t.request().state).toBe('denied');
    expect(t.internal().at(-1)).toContain(
      `told Entra to deny request ${t.requestId} (resolution "${resolution}")`,
    );
  });

  it('a removal cannot be denied: it resumes, and the comment says why', async () => {
    const t = await ticketFor({ stage: 'assignmentRequestRemoved', userId: w.demo.users.both });
    await act(t.key, 'Cancel request');
    await w.runQueue();
    expect(t.resumes()).toHaveLength(1);
    expect((t.resumes()[0]!.body as { data: Record<string, unknown> }).data.state).toBeUndefined();
    expect(t.internal().at(-1)).toContain(
      'the assignmentRequestRemoved stage cannot be denied, so it was resumed',
    );
  });
});

describe('Entra no longer waits', () => {
  it('the stage timed out in Entra: resolving ends in a clear internal comment, once', async () => {
    const t = await ticketFor({ userId: w.demo.users.megan });
    w.graph('contoso').timeOutCallback(t.requestId);
    await act(t.key, 'Resolve this issue');
    const run = await w.runQueue();
    expect(run.outcomes['gave-up']).toBe(0);
    expect(t.resumes()).toEqual([expect.objectContaining({ accepted: false, status: 400 })]);
    const last = t.internal().at(-1)!;
    expect(last).toContain(`could not resume: Graph refused to resume Entra request ${t.requestId}`);
    expect(last).toContain('Entra no longer waits for it');
    expect(last).toContain('the user may need to request access again');
    await act(t.key, 'Reopen', 'Resolve this issue');
    await w.runQueue();
    expect(t.resumes()).toHaveLength(1);
  });
});

describe('Graph refuses while Entra still waits', () => {
  it('the refusal is reported as a refusal, with what to do, not as "Entra no longer waits"', async () => {
    // A callout whose stage instance is not the one the request waits for: Graph refuses the
    // resume (400), and the request still waits.
    const held = w.hold({
      tenant: 'contoso',
      packageId: w.offline.contoso.packages.erp,
      userId: w.demo.users.guest!,
    });
    const before = w.offlineIssueKeys();
    const body = { ...held.callout, CustomExtensionStageInstanceId: '0f0f0f0f-0000-4000-8000-00000000abcd' };
    expect((await w.deliver('contoso', body)).statusCode).toBe(202);
    await w.runQueue();
    const key = w.offlineIssueKeys().find((k) => !before.includes(k))!;
    await act(key, 'Resolve this issue');
    expect((await w.runQueue()).outcomes['gave-up']).toBe(0);
    const last = w.jira
      .comments(key)
      .filter((c) => c.internal)
      .at(-1)!.text;
    expect(last).toContain(`could not resume: Graph refused to resume Entra request ${held.requestId}`);
    expect(last).toContain('Entra still waits for this ticket: complete the request in Entra by hand before');
    expect(last).not.toContain('no longer waits');
  });
});

describe('the daily check', () => {
  it('warns once within offlineWarnDaysBeforeTimeout (priority raised, comment), then says Entra stopped waiting', async () => {
    const t = await ticketFor({ userId: w.demo.users.adele });
    expect(w.jira.issue(t.key).priority).toBe('Low');
    const received = w.clock.now();

    w.clock.advance(10 * DAY); // 4 days left: nothing yet
    expect((await checkOfflineTimeouts(w.ports)).warned).toBe(0);
    expect(t.internal()).toHaveLength(0);

    w.clock.advance(1 * DAY + 60_000); // just under 3 days left
    const first = await checkOfflineTimeouts(w.ports);
    expect(first.warned).toBeGreaterThanOrEqual(1);
    expect(w.jira.issue(t.key).priority).toBe('High');
    expect(t.internal()).toHaveLength(1);
    expect(t.internal()[0]).toMatch(
      /^Access Bridge: Entra stops waiting for this ticket on 12 Dec 2026\. Resolve it before then/,
    );

    w.clock.advance(DAY);
    await checkOfflineTimeouts(w.ports);
    expect(t.internal()).toHaveLength(1);

    w.clock.advance(received + 14 * DAY + 60_000 - w.clock.now());
    const last = await checkOfflineTimeouts(w.ports);
    expect(last.expired).toBeGreaterThanOrEqual(1);
    expect(t.internal()).toHaveLength(2);
    expect(t.internal()[1]).toContain(
      `Entra stopped waiting for this ticket on 12 Dec 2026: request ${t.requestId} failed its assignmentRequestApproved stage`,
    );
    // Resolving now resumes nothing, and the check says nothing more.
    await act(t.key, 'Resolve this issue');
    await w.runQueue();
    await checkOfflineTimeouts(w.ports);
    expect(t.resumes()).toHaveLength(0);
    expect(t.internal()).toHaveLength(2);
  });

  it('never lowers a priority an agent raised', async () => {
    const t = await ticketFor({ userId: w.demo.users.megan });
    await setIssuePriority(w.ports.jira, t.key, 'Highest');
    w.clock.advance(11 * DAY + 60_000);
    await checkOfflineTimeouts(w.ports);
    expect(w.jira.issue(t.key).priority).toBe('Highest');
    expect(t.internal()).toHaveLength(1);
  });
});
