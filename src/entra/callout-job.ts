// What the web trigger queues for a callout: the verified tenant, the stage, the route, and the
// callout's fields the ticket needs. Small (a queue event is at most 100 KB) and free of secrets.
import { z } from 'zod';
import type { ActionableStage, Callout } from './callout-schema';

const Named = z.object({ id: z.string(), displayName: z.string().optional() });

export const CalloutJobSchema = z.object({
  type: z.literal('callout'),
  tenantId: z.string(),
  stage: z.enum([
    'assignmentRequestApproved',
    'assignmentRequestRemoved',
    'assignmentFourteenDaysBeforeExpiration',
    'assignmentOneDayBeforeExpiration',
  ]),
  routeId: z.string(),
  requestId: z.string(),
  stageInstanceId: z.string(),
  accessPackage: Named,
  catalog: Named.optional(),
  policy: Named.optional(),
  assignmentId: z.string().optional(),
  target: z.object({ objectId: z.string().optional(), displayName: z.string().optional() }).optional(),
  requestType: z.string().optional(),
  justification: z.string().optional(),
  answers: z.array(z.object({ question: z.string(), answer: z.string() })).default([]),
  durationBeforeTimeout: z.string().optional(),
  receivedAt: z.number(),
});
export type CalloutJob = z.infer<typeof CalloutJobSchema>;

const named = (value: { id?: string; displayname?: string | null } | null | undefined) =>
  value?.id ? { id: value.id, displayName: value.displayname ?? undefined } : undefined;

/** Answers arrive as open objects; keep question and answer text, bounded. */
function answersOf(answers: unknown[] | null | undefined): { question: string; answer: string }[] {
  return (answers ?? []).slice(0, 20).flatMap((raw) => {
    const a = raw as Record<string, unknown>;
    const question = (a.question as Record<string, unknown> | undefined)?.text ?? a.questiontext ?? a.displayname;
    const answer = a.value ?? a.displayvalue ?? a.answeredvalue;
    return typeof question === 'string' && (typeof answer === 'string' || typeof answer === 'number' || typeof answer === 'boolean')
      ? [{ question: question.slice(0, 300), answer: String(answer).slice(0, 1000) }]
      : [];
  });
}

export function toCalloutJob(tenantId: string, stage: ActionableStage, routeId: string, callout: Callout, now: number): CalloutJob {
  return {
    type: 'callout',
    tenantId,
    stage,
    routeId,
    requestId: callout.accesspackageassignmentrequestid!,
    stageInstanceId: callout.customextensionstageinstanceid!,
    accessPackage: named(callout.accesspackage)!,
    catalog: named(callout.accesspackagecatalog),
    policy: named(callout.assignment?.assignmentpolicy),
    assignmentId: callout.assignment?.id,
    target: callout.assignment?.target
      ? { objectId: callout.assignment.target.objectid, displayName: callout.assignment.target.displayname ?? undefined }
      : undefined,
    requestType: callout.requesttype ?? undefined,
    justification: callout.justification?.slice(0, 2000) ?? undefined,
    answers: answersOf(callout.answers),
    durationBeforeTimeout: callout.callbackconfiguration?.durationbeforetimeout ?? undefined,
    receivedAt: now,
  };
}
