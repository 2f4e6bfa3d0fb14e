// The jobs the queue carries. Bodies stay small (Forge: <= 100 KB per event with a long consumer)
// and hold ids only, never a secret or a customer's data beyond ids.
import * as z from 'zod';
import { CalloutJobSchema } from '../../entra/callout-job';

const IssueId = z.string().regex(/^\d{1,18}$/);

export const AccessRequestJobSchema = z.object({ type: z.literal('access-request'), issueId: IssueId });
export const FollowUpJobSchema = z.object({
  type: z.literal('follow-up'),
  issueId: IssueId,
  seq: z.number().int().min(0),
});
export const ResumeJobSchema = z.object({ type: z.literal('resume'), issueId: IssueId });

/**
 * Every job may carry how often it was re-queued: `waits` after a retry-later (throttling, a
 * concurrent effect), `attempt` after an unexpected error. Each has its own limit. `hops` counts the
 * pushes made before the one that queued this job in the same chain of invocations (Forge allows
 * 1,000 per chain: src/core/queue/chain-budget.ts); a trigger or the schedule starts at 0.
 */
export const JobSchema = z
  .discriminatedUnion('type', [AccessRequestJobSchema, FollowUpJobSchema, CalloutJobSchema, ResumeJobSchema])
  .and(
    z.object({
      attempt: z.number().int().min(0).max(1000).default(0),
      waits: z.number().int().min(0).max(1000).default(0),
      hops: z.number().int().min(0).max(1000).default(0),
    }),
  );

export type Job = z.infer<typeof JobSchema>;
