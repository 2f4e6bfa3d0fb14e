// Offline tickets in a safe order (issue 10.7): after the ticket is created, the records the resume
// depends on (the store and the issue property) are written first; labels and a priority the
// create screen may not carry come after, as optional edits. An edit Jira refuses is noted on the
// ticket for agents and in the audit trail, never fails the job, and resolving the ticket still
// resumes Entra.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadOfflineTicket } from '../../../src/core/offline/offline-ticket';
import { startOfflineWorld, type OfflineWorld } from './offline-world';

let w: OfflineWorld;
beforeAll(async () => {
  w = await startOfflineWorld();
});
afterAll(() => w.close());

const EDIT = 'PUT /rest/api/3/issue/{issueIdOrKey}';

async function fileTicket(tenant: 'contoso' | 'fabrikam' = 'contoso', packageId?: string) {
  const before = w.offlineIssueKeys();
  const held = w.hold({
    tenant,
    packageId:
      packageId ?? (tenant === 'contoso' ? w.offline.contoso.packages.erp : w.offline.fabrikam.packages.rnd),
    userId: tenant === 'contoso' ? w.demo.users.adele! : w.demo.users.ines!,
  });
  expect((await w.deliver(tenant, held.callout)).statusCode).toBe(202);
  const run = await w.runQueue();
  const key = w.offlineIssueKeys().find((k) => !before.includes(k))!;
  return { ...held, key, run };
}

describe('optional edits after the ticket exists', () => {
  it('Jira refuses the labels and priority edit: noted for agents, the job succeeds, the loop still closes', async () => {
    w.jira.faults.failNext({
      route: EDIT,
      status: 400,
      count: 100,
      body: {
        errorMessages: [],
        errors: { labels: "Field 'labels' cannot be set. It is not on the appropriate screen, or unknown." },
      },
    });
    let t: Awaited<ReturnType<typeof fileTicket>>;
    try {
      t = await fileTicket();
    } finally {
      w.jira.faults.reset();
    }
    expect(t.run.outcomes['gave-up']).toBe(0);
    expect(t.run.outcomes.requeued).toBe(0);
    expect(t.key).toBeDefined();
    // The records the resume needs were written.
    const issue = w.jira.issue(t.key);
    expect(await loadOfflineTicket(w.store, issue.id)).toMatchObject({ stageInstanceId: t.stageInstanceId });
    expect(w.jira.properties(t.key).accessBridgeCallout).toMatchObject({
      stageInstanceId: t.stageInstanceId,
    });
    // Noted for agents, once, saying what Jira refused.
    const notes = w.jira.comments(t.key).filter((c) => c.internal && c.text.includes('could not set'));
    expect(notes).toHaveLength(1);
    expect(notes[0]!.text).toContain("Field 'labels' cannot be set");
    expect((await w.audit({ text: t.key })).some((e) => e.action === 'offline.ticket.edit-refused')).toBe(
      true,
    );

    w.jira.transition(t.key, 'Resolve this issue');
    await w.settle();
    await w.runQueue();
    const resumes = w
      .graph('contoso')
      .resumes()
      .filter((r) => r.requestId === t.requestId);
    expect(resumes).toEqual([expect.objectContaining({ accepted: true })]);
  });

  it('nothing refused: labels and the route priority are set after the records', async () => {
    const t = await fileTicket();
    const issue = w.jira.issue(t.key);
    expect(issue.labels).toEqual(['access-bridge', 'team-ERP-admins']);
    expect(issue.priority).toBe('Low');
    const log = w.jira.requests().filter((r) => r.path.includes(t.key) || r.path.includes(issue.id));
    const firstEdit = log.findIndex((r) => r.route === EDIT);
    const property = log.findIndex((r) => r.route.includes('/properties/'));
    expect(property).toBeGreaterThanOrEqual(0);
    expect(firstEdit).toBeGreaterThan(property);
  });
});
