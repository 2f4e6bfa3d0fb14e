// The issue-created trigger answers in milliseconds: one config read, a filter on what the slim
// event carries (project and issue type), and a queue push keyed by the issue id.
import type { Ports, QueueJob } from '../ports';
import { loadConfig } from '../config-store';
import { IssueEventSchema, projectAndType } from './issue-event';

export type TriggerOutcome = 'queued' | 'ignored' | 'duplicate' | 'rejected';

export async function onIssueCreated(ports: Ports, event: unknown): Promise<TriggerOutcome> {
  const parsed = IssueEventSchema.safeParse(event);
  if (!parsed.success) {
    ports.log.event('warn', 'trigger.created.rejected', {
      issues: parsed.error.issues.map((i) => i.path.join('.')),
    });
    return 'rejected';
  }
  const { projectId, issueTypeId } = projectAndType(parsed.data);
  const config = await loadConfig(ports.store);
  const candidate = config.requestTypes.some(
    (t) => t.projectId === projectId && t.issueTypeId === issueTypeId,
  );
  if (!candidate) return 'ignored';
  const issueId = parsed.data.issue.id;
  // The issue id is the idempotency key: a redelivered event queues nothing new.
  const key = `queued:created:${issueId}`;
  const first = await ports.store.setIfAbsent(key, ports.clock.now(), { ttlSeconds: 7 * 24 * 3600 });
  if (!first) return 'duplicate';
  await pushOrRelease(ports, key, [{ type: 'access-request', issueId }]);
  return 'queued';
}

/**
 * Pushes, or gives the dedupe key back and rethrows: with the key kept, the platform's retry of a
 * refused push (rate limit, chain limit) would find a "duplicate" and the request would be lost.
 * The web trigger does the same (src/entra/receive-callout.ts).
 */
export async function pushOrRelease(ports: Ports, key: string, jobs: QueueJob[]): Promise<void> {
  try {
    await ports.queue.push(jobs);
  } catch (error) {
    await ports.store.delete(key);
    ports.log.event('warn', 'trigger.queue-refused', {
      key,
      error: error instanceof Error ? error.name : typeof error,
    });
    throw error;
  }
}
