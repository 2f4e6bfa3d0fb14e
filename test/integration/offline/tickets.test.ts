// Callouts become tickets: one per stage instance whatever the redeliveries, routed and
// prioritised by the offline-app configuration, naming the user as Graph knows them. Connection
// tests and stages we do not act on are acknowledged and nothing else; unrouted packages refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTOSO, FABRIKAM } from '../../../sandbox/demo-data';
import {
  connectionTestCallout,
  entraCallout,
  legacyConnectionTestCallout,
} from '../../../sandbox/emulators/relay';
import { newGuid } from '../../../sandbox/emulators/shared/ids';
import { startOfflineWorld, type OfflineWorld } from './offline-world';

let w: OfflineWorld;
beforeAll(async () => {
  w = await startOfflineWorld();
});
afterAll(() => w.close());

/** The offline tickets created since `before` (keys). */
const newTickets = (before: string[]) => w.offlineIssueKeys().filter((k) => !before.includes(k));

describe('one ticket per stage instance', () => {
  it('the same callout delivered twice (Entra retries once) and its job delivered twice make one ticket', async () => {
    const before = w.offlineIssueKeys();
    const held = w.hold({
      tenant: 'contoso',
      packageId: w.offline.contoso.packages.erp,
      userId: w.demo.users.adele!,
    });
    const first = await w.deliver('contoso', held.callout);
    const second = await w.deliver('contoso', held.callout);
    expect(first.statusCode).toBe(202);
    expect(second.statusCode).toBe(202);
    expect(JSON.parse(second.body)).toMatchObject({ duplicate: true });
    const jobs = w.queue.pushed.filter(
      (p) => p.job.type === 'callout' && p.job.stageInstanceId === held.stageInstanceId,
    );
    expect(jobs).toHaveLength(1);
    // At-least-once: the queue delivers the job twice.
    const run = await w.runQueue({ redeliverRate: 1, seed: 7 });
    expect(run.redelivered).toBeGreaterThan(0);
    expect(run.outcomes['gave-up']).toBe(0);
    expect(newTickets(before)).toHaveLength(1);
    const audit = await w.audit({ text: held.stageInstanceId });
    expect(audit.filter((e) => e.outcome === 'duplicate')).toHaveLength(1);
  });

  it('a second relay run of the same callout after the ticket exists still makes no second ticket', async () => {
    const before = w.offlineIssueKeys();
    const held = w.hold({
      tenant: 'contoso',
      packageId: w.offline.contoso.packages.erp,
      userId: w.demo.users.megan!,
    });
    await w.deliver('contoso', held.callout);
    await w.runQueue();
    expect((await w.deliver('contoso', held.callout)).statusCode).toBe(202);
    await w.runQueue();
    expect(newTickets(before)).toHaveLength(1);
  });
});

describe('acknowledged and nothing else', () => {
  it.each([
    ['CustomExtensionConnectionTest', connectionTestCallout()],
    ['the 2022 form Event: CustomActionConnectionTest', legacyConnectionTestCallout()],
    ['lower-case keys', { stage: 'customextensionconnectiontest' }],
  ])('the connection test (%s): 202, nothing queued, no ticket', async (_name, body) => {
    const before = w.offlineIssueKeys();
    const queued = w.queue.pushed.length;
    w.clock.advance(1);
    const response = await w.deliver('contoso', body);
    expect(response.statusCode).toBe(202);
    expect(w.queue.pushed.length).toBe(queued);
    await w.runQueue();
    expect(newTickets(before)).toHaveLength(0);
    expect((await w.audit())[0]).toMatchObject({
      action: 'callout.connection-test',
      outcome: 'ok',
      tenantId: CONTOSO,
    });
  });

  it.each([
    'assignmentRequestCreated',
    'assignmentRequestGranted',
    'unknownFutureValue',
    'somethingMicrosoftAddsLater',
  ])('stage %s: 202 and an audit entry, nothing queued', async (stage) => {
    const queued = w.queue.pushed.length;
    const held = w.hold({
      tenant: 'contoso',
      packageId: w.offline.contoso.packages.erp,
      userId: w.demo.users.adele!,
    });
    w.clock.advance(1);
    const response = await w.deliver('contoso', { ...held.callout, Stage: stage });
    expect(response.statusCode).toBe(202);
    expect(w.queue.pushed.length).toBe(queued);
    const entry = (await w.audit())[0]!;
    expect(entry).toMatchObject({ action: 'callout.unknown-stage', outcome: 'ignored' });
    expect(entry.detail).toContain(stage);
  });
});

describe('refused', () => {
  it('a callout for a package the tenant does not route', async () => {
    const queued = w.queue.pushed.length;
    // "Sales & Marketing" (catalog General): Contoso routes only its Offline apps catalog and Door badges.
    const held = w.hold({ tenant: 'contoso', packageId: w.demo.packages.sales, userId: w.demo.users.adele! });
    w.clock.advance(1);
    const response = await w.deliver('contoso', held.callout);
    expect(response.statusCode).toBe(400);
    expect(JSON.parse(response.body)).toMatchObject({ error: 'not_routed' });
    expect(w.queue.pushed.length).toBe(queued);
    expect((await w.audit())[0]).toMatchObject({
      action: 'callout.not-routed',
      outcome: 'refused',
      ref: held.stageInstanceId,
    });
  });
});

describe('the ticket', () => {
  it("approved: a JSM request with the route's priority, naming the user as Graph knows them and every fact of the callout", async () => {
    const before = w.offlineIssueKeys();
    const held = w.hold({
      tenant: 'contoso',
      packageId: w.offline.contoso.packages.mainframe,
      userId: w.demo.users.megan!,
      justification: 'Needs the Q3 ledgers',
      answers: [{ question: 'Which cost centre?', answer: 'CC-4711' }],
    });
    // The callout's display name is stale; Graph's is the truth.
    const callout = {
      ...held.callout,
      Assignment: {
        ...(held.callout.Assignment as object),
        Target: { ObjectId: w.demo.users.megan, DisplayName: 'M. Bowen (old)' },
      },
    };
    expect((await w.deliver('contoso', callout)).statusCode).toBe(202);
    expect((await w.runQueue()).outcomes.done).toBeGreaterThan(0);
    const [key] = newTickets(before);
    const issue = w.jira.issue(key!);
    expect(issue.requestTypeId).toBe(w.offline.requestTypeId);
    expect(issue.priority).toBe('Low');
    expect(issue.labels).toEqual(['access-bridge', 'team-ERP-admins']);
    expect(issue.summary).toBe("[Access Bridge] Provision: Mainframe (O'Neil's team) for Megan Bowen");
    for (const fact of [
      'User: Megan Bowen (megan.bowen@contoso.onmicrosoft.com)',
      `Access package: Mainframe (O'Neil's team) ${w.offline.contoso.packages.mainframe}`,
      'Catalog: Offline apps',
      'Policy: Approved requests',
      'Stage: assignmentRequestApproved',
      'Justification: Needs the Q3 ledgers',
      'Which cost centre?: CC-4711',
      `Entra request: ${held.requestId}`,
      `Stage instance: ${held.stageInstanceId}`,
    ]) {
      expect(issue.description).toContain(fact);
    }
    expect(w.jira.properties(key!).accessBridgeCallout).toEqual({
      tenantId: CONTOSO,
      requestId: held.requestId,
      stage: 'assignmentRequestApproved',
      stageInstanceId: held.stageInstanceId,
      accessPackageId: w.offline.contoso.packages.mainframe,
    });
  });

  it('removal: High priority, "Remove" in the summary', async () => {
    const before = w.offlineIssueKeys();
    const held = w.hold({
      tenant: 'contoso',
      packageId: w.offline.contoso.packages.erp,
      userId: w.demo.users.guest!,
      stage: 'assignmentRequestRemoved',
    });
    expect((await w.deliver('contoso', held.callout)).statusCode).toBe(202);
    await w.runQueue();
    const [key] = newTickets(before);
    const issue = w.jira.issue(key!);
    expect(issue.priority).toBe('High');
    expect(issue.summary).toBe('[Access Bridge] Remove: Legacy ERP for Grace Guest');
    expect(issue.description).toContain(
      'User: Grace Guest (grace_partner.example#EXT#@contoso.onmicrosoft.com)',
    );
    expect(w.jira.properties(key!).accessBridgeCallout).toMatchObject({
      stage: 'assignmentRequestRemoved',
      requestId: held.requestId,
    });
  });

  it('a package routed by id to a Jira project: a Task in HELP with the default priority', async () => {
    const before = w.offlineIssueKeys();
    const held = w.hold({
      tenant: 'contoso',
      packageId: w.offline.contoso.packages.badges,
      userId: w.demo.users.dollar!,
    });
    expect((await w.deliver('contoso', held.callout)).statusCode).toBe(202);
    await w.runQueue();
    const [key] = newTickets(before);
    const issue = w.jira.issue(key!);
    expect(issue).toMatchObject({
      projectKey: 'HELP',
      issueTypeId: '10003',
      requestTypeId: null,
      priority: 'Medium',
      labels: ['access-bridge', 'team-Facilities'],
    });
    expect(issue.description).toContain('User: Lee Service ($lee@contoso.com)');
  });

  it('Fabrikam (custom cloud, App ID URI audience): its default route, its own Graph', async () => {
    const before = w.offlineIssueKeys();
    const held = w.hold({
      tenant: 'fabrikam',
      packageId: w.offline.fabrikam.packages.rnd,
      userId: w.demo.users.ines!,
    });
    expect((await w.deliver('fabrikam', held.callout)).statusCode).toBe(202);
    await w.runQueue();
    const [key] = newTickets(before);
    expect(w.jira.issue(key!).description).toContain('User: Inès Fabre (ines.f@fabrikam.onmicrosoft.com)');
    expect(w.jira.properties(key!).accessBridgeCallout).toMatchObject({
      tenantId: FABRIKAM,
      requestId: held.requestId,
    });
  });

  it("a user Graph does not know: the callout's name and UPN are used", async () => {
    const before = w.offlineIssueKeys();
    const held = w.hold({
      tenant: 'contoso',
      packageId: w.offline.contoso.packages.erp,
      userId: w.demo.users.both!,
    });
    const ghost = newGuid();
    const callout = {
      ...held.callout,
      Assignment: {
        ...(held.callout.Assignment as object),
        Target: { ObjectId: ghost, DisplayName: 'Gone User', PrincipalName: 'gone@contoso.com' },
      },
    };
    expect((await w.deliver('contoso', callout)).statusCode).toBe(202);
    expect((await w.runQueue()).outcomes['gave-up']).toBe(0);
    const [key] = newTickets(before);
    expect(w.jira.issue(key!).description).toContain('User: Gone User (gone@contoso.com)');
  });

  it('a reminder (one day before expiry) comments on the ticket that provisioned the assignment', async () => {
    const before = w.offlineIssueKeys();
    const held = w.hold({
      tenant: 'contoso',
      packageId: w.offline.contoso.packages.erp,
      userId: w.demo.users.holder!,
    });
    await w.deliver('contoso', held.callout);
    await w.runQueue();
    const [key] = newTickets(before);
    const reminder = entraCallout({
      stage: 'assignmentOneDayBeforeExpiration',
      requestId: held.requestId,
      stageInstanceId: newGuid(),
      accessPackage: { id: w.offline.contoso.packages.erp, displayName: 'Legacy ERP' },
      catalog: w.offline.contoso.catalog,
      policy: { id: newGuid(), displayName: 'Approved requests' },
      assignmentId: held.assignmentId,
      target: { objectId: w.demo.users.holder!, displayName: 'Hana Holder' },
      timeout: null,
    });
    expect((await w.deliver('contoso', reminder)).statusCode).toBe(202);
    await w.runQueue();
    expect(newTickets(before)).toEqual([key]);
    const comments = w.jira.comments(key!);
    expect(comments.at(-1)).toMatchObject({ internal: true });
    expect(comments.at(-1)!.text).toContain(
      "Expires tomorrow: the assignment of 'Legacy ERP' to Hana Holder",
    );
  });
});
