// The queue consumer: parse, dispatch by type through a registry, and turn "retry later" into a
// delayed re-queue of the same job. Nothing ends in silence: a job that keeps failing ends in a
// clear comment through its type's give-up handler.
import type { Ports } from '../ports';
import { createApp, type App } from '../app';
import { GraphThrottledError, RetryLaterError } from '../../graph/errors';
import { JobSchema, type Job } from './jobs';
import { processAccessRequest } from '../access-request/process-access-request';
import { followUp } from '../access-request/follow-up';
import { giveUpOnTicket } from '../access-request/give-up';
import { fileOfflineTicket } from '../offline/file-offline-ticket';
import { resumeOnDone } from '../offline/resume-on-done';
import { appendAudit } from '../audit';
import { JiraRateLimitedError } from '../../jira';

/** Re-queues after "retry later" (throttling, a concurrent effect) before giving up. */
export const MAX_RETRY_LATER = 20;
/**
 * Re-queues after an unexpected error (Graph or Jira 5xx, a network failure, a malformed answer, a
 * bug) before giving up: with the doubling delay below (capped at 15 min), about two and a half
 * hours of trying. The count spans the whole job, so a long job on a flaky day needs the room.
 */
export const MAX_UNEXPECTED = 12;

interface Handler<J extends Job> {
  run(app: App, job: J): Promise<void>;
  giveUp(app: App, job: J, reason: 'throttled' | 'unexpected', error: unknown): Promise<void>;
}

type Registry = { [T in Job['type']]: Handler<Extract<Job, { type: T }>> };

const registry: Registry = {
  'access-request': {
    run: processAccessRequest,
    giveUp: (app, job, reason, error) => giveUpOnTicket(app, job.issueId, reason, error),
  },
  'follow-up': {
    run: followUp,
    giveUp: (app, job, reason, error) => giveUpOnTicket(app, job.issueId, reason, error),
  },
  // No ticket exists yet to comment on: the audit trail records the loss, and Entra's stage times
  // out visibly (My Access shows the request failed).
  callout: {
    run: fileOfflineTicket,
    giveUp: (app, job, reason, error) =>
      appendAudit(app.ports, {
        kind: 'callout',
        ref: job.stageInstanceId,
        tenantId: job.tenantId,
        action: 'offline.ticket-failed',
        outcome: 'failed',
        detail: `${reason}: ${error instanceof Error ? error.message.slice(0, 300) : ''}`,
      }),
  },
  resume: {
    run: resumeOnDone,
    giveUp: (app, job, reason, error) =>
      appendAudit(app.ports, {
        kind: 'callout',
        ref: job.issueId,
        action: 'offline.resume-failed',
        outcome: 'failed',
        detail: `${reason}: ${error instanceof Error ? error.message.slice(0, 300) : ''}`,
      }),
  },
};

export interface ConsumeOptions {
  /** When this invocation must stop waiting (epoch ms). */
  deadline: number;
  /** Stop before any write to Entra (sandbox --dry-run). */
  dryRun?: boolean;
}

export type ConsumeOutcome = 'done' | 'requeued' | 'gave-up' | 'rejected';

export async function consumeJob(
  ports: Ports,
  body: unknown,
  options: ConsumeOptions,
): Promise<ConsumeOutcome> {
  const parsed = JobSchema.safeParse(body);
  if (!parsed.success) {
    // A malformed job cannot be fixed by retrying; log its shape (not its content) and drop it.
    ports.log.event('error', 'queue.job-rejected', {
      issues: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.code}`),
    });
    return 'rejected';
  }
  const job = parsed.data;
  const handler = registry[job.type] as Handler<Job>;
  const app = await createApp(ports, { deadline: options.deadline, dryRun: options.dryRun });
  try {
    await handler.run(app, job);
    return 'done';
  } catch (error) {
    // Graph's and Jira's throttling that outlasted the client's own retries is a retry-later too.
    const retryLater =
      error instanceof RetryLaterError ||
      error instanceof JiraRateLimitedError ||
      error instanceof GraphThrottledError;
    const count = retryLater ? job.waits : job.attempt;
    if (count < (retryLater ? MAX_RETRY_LATER : MAX_UNEXPECTED)) {
      const delaySeconds = retryLater
        ? Math.min(900, Math.max(1, Math.ceil(retryDelayMs(error) / 1000)))
        : Math.min(900, 15 * 2 ** job.attempt);
      const next = retryLater ? { ...job, waits: job.waits + 1 } : { ...job, attempt: job.attempt + 1 };
      ports.log.event(retryLater ? 'info' : 'warn', 'queue.job-requeued', {
        type: job.type,
        attempt: next.attempt,
        waits: next.waits,
        delaySeconds,
        error: errorName(error),
      });
      await ports.queue.push([next], { delaySeconds });
      return 'requeued';
    }
    ports.log.event('error', 'queue.job-gave-up', {
      type: job.type,
      attempts: job.attempt,
      waits: job.waits,
      error: errorName(error),
    });
    await handler.giveUp(app, job, retryLater ? 'throttled' : 'unexpected', error);
    return 'gave-up';
  }
}

function errorName(error: unknown): string {
  if (error instanceof Error)
    return `${error.name}${'code' in error ? `(${String((error as { code: unknown }).code)})` : ''}`;
  return typeof error;
}

function retryDelayMs(error: unknown): number {
  if (error instanceof RetryLaterError) return error.delayMs;
  if (error instanceof JiraRateLimitedError || error instanceof GraphThrottledError)
    return error.retryAfterMs ?? 10_000;
  return 10_000;
}
