// The fault soak (issue 7): 510 access-request tickets and 200 offline-app callouts while about a
// fifth of Graph and Jira calls fail (429, 500, 503, 504, dropped connections before and after
// the work was done, truncated or non-JSON bodies) and the queue delivers a tenth of the jobs
// twice. Every ticket must end in its right final state, with no side effect done twice or lost.
// The same run is then scanned for the sentinel secrets and for access tokens.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTicketState } from '../../src/core/access-request/ticket-state';
import { loadOfflineTicket } from '../../src/core/offline/offline-ticket';
import type { DrainStats } from '../../sandbox/adapters/memory-queue';
import { runSoak, SENTINELS, startSoakWorld, type SoakOptions, type SoakWorld } from './support/soak';
import { scan, surfacesOf } from './support/leak-scan';

const OPTIONS: SoakOptions = { tickets: 500, callouts: 200, faults: true, redeliverRate: 0.1 };

let soak: SoakWorld;
let runs: DrainStats[];
beforeAll(async () => {
  soak = await startSoakWorld();
  runs = await runSoak(soak, OPTIONS);
}, 240_000);
afterAll(() => soak?.world.close());

const calloutIssues = () => soak.world.jira.issues().filter((i) => i.summary.startsWith('[Access Bridge]'));
const property = (key: string) =>
  soak.world.jira.properties(key).accessBridgeCallout as { stageInstanceId?: string } | undefined;
const resumes = () =>
  [
    soak.world.graphGlobal.tenant(soak.offline.contoso.tenantId),
    soak.world.graphCustom.tenant(soak.offline.fabrikam.tenantId),
  ].flatMap((t) => t.resumes());
const resumedInstance = (r: { body?: unknown }) =>
  (r.body as { data?: { customExtensionStageInstanceId?: string } } | undefined)?.data
    ?.customExtensionStageInstanceId;

describe('the fault soak', () => {
  it('met real faults: about a fifth of Graph and Jira calls failed, a tenth of the jobs came twice', () => {
    const graph = [soak.world.graphGlobal.counters, soak.world.graphCustom.counters];
    const total = graph.reduce((n, c) => n + c.total, 0);
    const failed = graph.reduce(
      (n, c) =>
        n +
        Object.entries(c.byStatus)
          .filter(([s]) => s === 'dropped' || Number(s) >= 429)
          .reduce((m, [, v]) => m + v, 0),
      0,
    );
    // Truncated bodies are answered 200 and not counted here: the share that failed is higher.
    expect(failed / total).toBeGreaterThan(0.15);
    const jira = Object.values(soak.world.jira.counters());
    const jiraTotal = jira.reduce((n, c) => n + c.requests, 0);
    expect(jira.reduce((n, c) => n + c.faults, 0) / jiraTotal).toBeGreaterThan(0.18);
    const delivered = runs.reduce((n, r) => n + r.delivered, 0);
    expect(runs.reduce((n, r) => n + r.redelivered, 0) / delivered).toBeGreaterThan(0.05);
    expect(soak.tickets.length).toBeGreaterThanOrEqual(500);
    expect(soak.callouts.length).toBe(200);
  });

  it('lost nothing: no job gave up or was dropped', () => {
    for (const run of runs) expect(run).toMatchObject({ deadLettered: 0, remaining: 0, stoppedEarly: false });
    expect(soak.world.log.named('queue.job-gave-up')).toEqual([]);
    expect(soak.world.jira.events.errors).toEqual([]);
  });

  it('ended every access-request ticket in its right final state', async () => {
    const wrong: string[] = [];
    for (const ticket of soak.tickets) {
      const state = await loadTicketState(soak.world.store, ticket.id);
      const got = state
        ? state.phase === 'failed'
          ? `failed:${state.failure?.code}`
          : state.phase
        : 'no state';
      if (got !== ticket.expected) wrong.push(`${ticket.key}: ${got}, expected ${ticket.expected}`);
      if (ticket.expected === 'delivered' && soak.world.jira.issue(ticket.key).status !== 'Resolved')
        wrong.push(`${ticket.key}: not resolved`);
    }
    expect(wrong).toEqual([]);
  });

  it('made each assignment request once, and none where none was due', () => {
    const problems: string[] = [];
    for (const ticket of soak.tickets) {
      if (!ticket.packageId) continue;
      const requests = soak.world.graphGlobal
        .tenant(ticket.tenantId)
        .assignmentRequests()
        .filter((r) => r.accessPackageId === ticket.packageId && r.targetUserId === ticket.userId);
      const due = ticket.expected === 'already-done' ? 0 : 1;
      if (requests.length !== due)
        problems.push(`${ticket.key}: ${requests.length} requests, expected ${due}`);
    }
    expect(problems).toEqual([]);
  });

  it('posted each comment once and told every customer how it ended', () => {
    const problems: string[] = [];
    for (const ticket of soak.tickets) {
      const comments = soak.world.jira.comments(ticket.key);
      const texts = comments.map((c) => `${c.internal ? 'internal' : 'public'}: ${c.text}`);
      if (new Set(texts).size !== texts.length) problems.push(`${ticket.key}: duplicate comment`);
      const publicTexts = comments.filter((c) => !c.internal).map((c) => c.text);
      if (ticket.expected === 'delivered') {
        if (publicTexts.filter((t) => t.startsWith('We have asked')).length !== 1)
          problems.push(`${ticket.key}: submission comment`);
        if (publicTexts.filter((t) => /^Your access to '.*' is ready/.test(t)).length !== 1)
          problems.push(`${ticket.key}: delivery comment`);
      } else if (publicTexts.length === 0) problems.push(`${ticket.key}: no public comment`);
    }
    expect(problems).toEqual([]);
  });

  it('acknowledged every callout, filed its ticket, and resumed its Entra request exactly once', async () => {
    expect(new Set(soak.calloutStatuses)).toEqual(new Set([202]));
    const accepted = resumes().filter((r) => r.accepted);
    const problems: string[] = [];
    for (const callout of soak.callouts) {
      const tickets = calloutIssues().filter(
        (i) => property(i.key)?.stageInstanceId === callout.stageInstanceId,
      );
      if (tickets.length !== 1) {
        problems.push(`${callout.stageInstanceId}: ${tickets.length} tickets carry its link`);
        continue;
      }
      const record = await loadOfflineTicket(soak.world.store, soak.world.jira.issue(tickets[0]!.key).id);
      if (!record?.closed) problems.push(`${tickets[0]!.key}: not closed`);
      const resumed = accepted.filter((r) => resumedInstance(r) === callout.stageInstanceId);
      if (resumed.length !== 1) problems.push(`${callout.stageInstanceId}: resumed ${resumed.length} times`);
    }
    expect(problems).toEqual([]);
  });

  // KNOWN GAP (issue 7 report): file-offline-ticket.ts creates the ticket under once() without a
  // reconcile, so when Jira created it but the answer was lost, the retry files a second one (the
  // first keeps no link). Remove `.fails` once the creation finds its earlier ticket.
  it.fails('files no second ticket when the answer to the first was lost', () => {
    expect(calloutIssues()).toHaveLength(soak.callouts.length);
  });

  // After a lost answer, resume-on-done.ts checks the stage instance before resuming again.
  it('calls resume once per stage instance, even after a lost answer', () => {
    expect(resumes()).toHaveLength(resumes().filter((r) => r.accepted).length);
  });

  it('leaked no sentinel secret and no access token anywhere', async () => {
    const surfaces = await surfacesOf(soak.world, {
      errors: runs.flatMap((r) => r.errors.map((e) => e.error)),
    });
    expect(surfaces.length).toBeGreaterThan(2000);
    expect(scan(surfaces, [SENTINELS.demo, SENTINELS.fleet])).toEqual([]);
  });
});
