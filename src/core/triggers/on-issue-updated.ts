// The issue-updated trigger, read from the slim event's changelog without a Jira call:
// - an access request that waits for JSM approval is queued again when its status changes;
// - an offline-app ticket that reaches a done status queues the resume of its Entra request.
import type { Ports } from '../ports';
import { loadTicketState } from '../access-request/ticket-state';
import { loadOfflineTicket, resumeQueuedKey } from '../offline/offline-ticket';
import { IssueEventSchema, statusChangeTo, type IssueEvent } from './issue-event';
import { pushOrRelease, type TriggerOutcome } from './on-issue-created';

export async function onIssueUpdated(ports: Ports, event: unknown): Promise<TriggerOutcome> {
  const parsed = IssueEventSchema.safeParse(event);
  if (!parsed.success) {
    ports.log.event('warn', 'trigger.updated.rejected', {
      issues: parsed.error.issues.map((i) => i.path.join('.')),
    });
    return 'rejected';
  }
  const reachedStatus = statusChangeTo(parsed.data);
  if (!reachedStatus) return 'ignored';
  const issueId = parsed.data.issue.id;

  if (statusCategory(parsed.data) === 'done') {
    const offline = await loadOfflineTicket(ports.store, issueId);
    if (offline && !offline.closed) {
      // The resume itself is once-only; this key only saves a redundant job.
      const key = resumeQueuedKey(issueId, offline.stageInstanceId);
      const first = await ports.store.setIfAbsent(key, ports.clock.now(), { ttlSeconds: 30 * 24 * 3600 });
      if (!first) return 'duplicate';
      await pushOrRelease(ports, key, [{ type: 'resume', issueId }]);
      return 'queued';
    }
  }

  // A request waiting for JSM approval is looked at again on any status change: the job reads the
  // approval record itself (await-approval.ts), so which status was reached does not matter.
  const ticket = await loadTicketState(ports.store, issueId);
  if (ticket?.phase !== 'waiting-for-approval') return 'ignored';
  const changeId = parsed.data.changelog?.id;
  if (changeId !== undefined) {
    const first = await ports.store.setIfAbsent(`queued:approval:${issueId}:${changeId}`, ports.clock.now(), {
      ttlSeconds: 7 * 24 * 3600,
    });
    if (!first) return 'duplicate';
    await pushOrRelease(ports, `queued:approval:${issueId}:${changeId}`, [
      { type: 'access-request', issueId },
    ]);
    return 'queued';
  }
  await ports.queue.push([{ type: 'access-request', issueId }]);
  return 'queued';
}

function statusCategory(event: IssueEvent): string | undefined {
  const status = event.issue.fields?.status as { statusCategory?: { key?: unknown } } | undefined;
  const key = status?.statusCategory?.key;
  return typeof key === 'string' ? key : undefined;
}
