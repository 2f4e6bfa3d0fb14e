// The queue consumer: parse, dispatch by type through a registry, and turn "retry later" into a
// delayed re-queue of the same job. Nothing ends in silence: a job that keeps failing ends in a
// clear comment through its type's give-up handler.
import type { Ports, Queue } from '../ports';
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
import { QueueChainLimitError, QueueRateLimitedError } from './queue-errors';
import { canPushAfter } from './chain-budget';

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

/** `handed-over`: the job's chain of invocations has used its pushes; the hourly schedule takes over. */
export type ConsumeOutcome = 'done' | 'requeued' | 'gave-up' | 'rejected' | 'handed-over';

/** How often a consumer tries a push again while the queue's minute is full. */
const RATE_LIMIT_POLL_MS = 5_000;

/**
 * The queue as the consumer's work sees it: a push refused for the 500-events-a-minute limit is
 * tried again within the invocation's own time (the minute frees up as it slides), and only past the
 * deadline does the refusal reach the job, which then becomes a platform retry.
 */
function patientQueue(ports: Ports, deadline: number): Queue {
  return {
    async push(jobs, options) {
      for (;;) {
        try {
          return await ports.queue.push(jobs, options);
        } catch (error) {
          if (!(error instanceof QueueRateLimitedError)) throw error;
          if (ports.clock.now() + RATE_LIMIT_POLL_MS > deadline) throw error;
          await ports.clock.sleep(RATE_LIMIT_POLL_MS);
        }
      }
    },
  };
}

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
  ports = { ...ports, queue: patientQueue(ports, options.deadline) };
  const app = await createApp(ports, { deadline: options.deadline, dryRun: options.dryRun });
  const chainEnded = async (error: unknown): Promise<ConsumeOutcome> => {
    // Only a follow-up chain runs this long; its ticket is in the open-ticket index, and the hourly
    // sweep queues its next check from a fresh invocation. Anything else cannot be pushed on.
    ports.log.event(job.type === 'follow-up' ? 'info' : 'error', 'queue.chain-ended', {
      type: job.type,
      hops: job.hops,
    });
    if (job.type === 'follow-up') return 'handed-over';
    await handler.giveUp(app, job, 'unexpected', error);
    return 'gave-up';
  };
  try {
    await handler.run(app, job);
    return 'done';
  } catch (error) {
    if (error instanceof QueueChainLimitError) return chainEnded(error);
    // Graph's and Jira's throttling that outlasted the client's own retries is a retry-later too.
    const retryLater =
      error instanceof RetryLaterError ||
      error instanceof JiraRateLimitedError ||
      error instanceof GraphThrottledError;
    const count = retryLater ? job.waits : job.attempt;
    if (count < (retryLater ? MAX_RETRY_LATER : MAX_UNEXPECTED)) {
      if (!canPushAfter(job.hops)) return chainEnded(error);
      const delaySeconds = retryLater
        ? Math.min(900, Math.max(1, Math.ceil(retryDelayMs(error) / 1000)))
        : Math.min(900, 15 * 2 ** job.attempt);
      const counted = { ...job, hops: job.hops + 1 };
      const next = retryLater
        ? { ...counted, waits: job.waits + 1 }
        : { ...counted, attempt: job.attempt + 1 };
      ports.log.event(retryLater ? 'info' : 'warn', 'queue.job-requeued', {
        type: job.type,
        attempt: next.attempt,
        waits: next.waits,
        delaySeconds,
        error: errorName(error),
      });
      try {
        await ports.queue.push([next], { delaySeconds });
      } catch (pushError) {
        // Still over 500 events a minute after waiting: thrown, so the platform retries the job.
        if (pushError instanceof QueueChainLimitError) return chainEnded(pushError);
        throw pushError;
      }
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
