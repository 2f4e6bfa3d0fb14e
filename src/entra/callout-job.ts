// What the web trigger queues for a callout: the verified tenant, the stage, the route, and the
// callout's fields the ticket needs. Small (a queue event is at most 100 KB) and free of secrets.
import * as z from 'zod';
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
  target: z
    .object({
      objectId: z.string().optional(),
      displayName: z.string().optional(),
      principalName: z.string().optional(),
    })
    .optional(),
  requestType: z.string().optional(),
  justification: z.string().optional(),
  answers: z.array(z.object({ question: z.string(), answer: z.string() })).default([]),
  durationBeforeTimeout: z.string().optional(),
  /**
   * Whether Entra waits for a resume: the callout carries a callback configuration or a callback
   * path (a launch-and-wait extension). Absent in jobs queued before this field existed.
   */
  awaitsCallback: z.boolean().optional(),
  receivedAt: z.number(),
});
export type CalloutJob = z.infer<typeof CalloutJobSchema>;

const named = (value: { id?: string | null; displayname?: string | null } | null | undefined) =>
  value?.id ? { id: value.id, displayName: value.displayname ?? undefined } : undefined;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Answers arrive as open objects (no wire capture is published): Graph's accessPackageAnswer has
 * `answeredQuestion.text` and `value`/`displayValue`; other spellings are tried too. Bounded.
 */
function answersOf(answers: unknown[] | null | undefined): { question: string; answer: string }[] {
  return (answers ?? []).slice(0, 20).flatMap((raw) => {
    if (!isRecord(raw)) return [];
    const asked = isRecord(raw.answeredquestion)
      ? raw.answeredquestion
      : isRecord(raw.question)
        ? raw.question
        : {};
    const question = asked.text ?? raw.questiontext ?? raw.displayname;
    const answer = raw.displayvalue ?? raw.value ?? raw.answeredvalue;
    return typeof question === 'string' &&
      (typeof answer === 'string' || typeof answer === 'number' || typeof answer === 'boolean')
      ? [{ question: question.slice(0, 300), answer: String(answer).slice(0, 1000) }]
      : [];
  });
}

export function toCalloutJob(
  tenantId: string,
  stage: ActionableStage,
  routeId: string,
  callout: Callout,
  now: number,
): CalloutJob {
  const target = callout.assignment?.target;
  const callback = callout.callbackconfiguration;
  const duration = callback?.durationbeforetimeout ?? callback?.timeoutduration ?? undefined;
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
    assignmentId: callout.assignment?.id ?? undefined,
    target: target
      ? {
          objectId: target.objectid ?? undefined,
          displayName: target.displayname ?? undefined,
          principalName: target.principalname ?? undefined,
        }
      : undefined,
    requestType: callout.requesttype ?? undefined,
    justification: callout.justification?.slice(0, 2000) ?? undefined,
    answers: answersOf(callout.answers),
    durationBeforeTimeout: duration,
    awaitsCallback: Boolean(duration || callout.callbackuripath),
    receivedAt: now,
  };
}
