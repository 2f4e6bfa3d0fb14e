// The issue-updated trigger, read from the slim event's changelog without a Jira call:
// - an access request that waits for JSM approval is queued once it reaches the approved status;
// - an offline-app ticket that reaches a done status queues the resume of its Entra request.
import type { Ports } from '../ports';
import { loadConfig } from '../config-store';
import { loadOfflineTicket, resumeQueuedKey } from '../offline/offline-ticket';
import { IssueEventSchema, projectAndType, statusChangeTo, type IssueEvent } from './issue-event';
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

  const { projectId, issueTypeId } = projectAndType(parsed.data);
  const config = await loadConfig(ports.store);
  const reached = reachedStatus.trim().toLowerCase();
  const waiting = config.requestTypes.some(
    (t) =>
      t.projectId === projectId &&
      t.issueTypeId === issueTypeId &&
      t.approval.required &&
      t.approval.approvedStatus?.trim().toLowerCase() === reached,
  );
  if (!waiting) return 'ignored';
  const key = `queued:approved:${issueId}`;
  const first = await ports.store.setIfAbsent(key, ports.clock.now(), { ttlSeconds: 7 * 24 * 3600 });
  if (!first) return 'duplicate';
  await pushOrRelease(ports, key, [{ type: 'access-request', issueId }]);
  return 'queued';
}

function statusCategory(event: IssueEvent): string | undefined {
  const status = event.issue.fields?.status as { statusCategory?: { key?: unknown } } | undefined;
  const key = status?.statusCategory?.key;
  return typeof key === 'string' ? key : undefined;
}
