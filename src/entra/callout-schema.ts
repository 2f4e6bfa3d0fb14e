// The callout body the relay forwards unchanged: a flat object with PascalCase keys
// (graph-entitlement.md 5.4; no wire capture is published, so keys are matched
// case-insensitively and the raw body is kept for the audit).
import * as z from 'zod';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const Guid = z
  .string()
  .regex(GUID, 'must be a GUID')
  .transform((v) => v.toLowerCase());
const Text = z.string().max(1000);

export class CalloutShapeError extends Error {
  readonly code = 'callout_shape' as const;
}

/**
 * Lower-cases every object key, recursively, so `Stage`, `stage` and `STAGE` all read the same.
 * A `__proto__` key (JSON.parse makes it an own property) is dropped: assigned to a plain object
 * it would become the prototype and lend its fields to the callout.
 */
export function lowerKeys(value: unknown, depth = 0): unknown {
  if (depth > 20) throw new CalloutShapeError('callout body nested too deeply');
  if (Array.isArray(value)) return value.slice(0, 200).map((v) => lowerKeys(v, depth + 1));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const key = k.toLowerCase();
      if (key !== '__proto__') out[key] = lowerKeys(v, depth + 1);
    }
    return out;
  }
  return value;
}

// Entra may send null for a field it has no value for: every optional field is nullish.
const Named = z.looseObject({ id: Guid.nullish(), displayname: Text.nullish() });

/** Just the stage: read first, so a connection test or an unknown stage is never refused for its other fields. */
export const StageSchema = z.looseObject({ stage: z.string().min(1).max(100) });

export const CalloutSchema = z.looseObject({
  stage: z.string().min(1).max(100),
  accesspackageassignmentrequestid: Guid.nullish(),
  customextensionstageinstanceid: Guid.nullish(),
  callbackuripath: z.string().max(500).nullish(),
  requesttype: Text.nullish(),
  state: Text.nullish(),
  status: Text.nullish(),
  answers: z.array(z.unknown()).max(100).nullish(),
  // The Logic App trigger schema says DurationBeforeTimeout; Graph's v1.0 type says timeoutDuration.
  callbackconfiguration: z
    .looseObject({
      durationbeforetimeout: z.string().max(40).nullish(),
      timeoutduration: z.string().max(40).nullish(),
    })
    .nullish(),
  accesspackage: Named.nullish(),
  accesspackagecatalog: Named.nullish(),
  assignment: z
    .looseObject({
      id: Guid.nullish(),
      state: Text.nullish(),
      status: Text.nullish(),
      target: z
        .looseObject({
          id: Text.nullish(),
          objectid: Guid.nullish(),
          displayname: Text.nullish(),
          principalname: Text.nullish(),
          email: Text.nullish(),
        })
        .nullish(),
      assignmentpolicy: Named.nullish(),
    })
    .nullish(),
  requestor: z
    .looseObject({ id: Text.nullish(), objectid: Text.nullish(), displayname: Text.nullish() })
    .nullish(),
  justification: z.string().max(4000).nullish(),
});

export type Callout = z.infer<typeof CalloutSchema>;

/** Stages that need a ticket (or reminder); the rest are acknowledged. */
export const ACTIONABLE_STAGES = [
  'assignmentRequestApproved',
  'assignmentRequestRemoved',
  'assignmentFourteenDaysBeforeExpiration',
  'assignmentOneDayBeforeExpiration',
] as const;
export type ActionableStage = (typeof ACTIONABLE_STAGES)[number];

export const CONNECTION_TEST_STAGES = ['customextensionconnectiontest', 'customactionconnectiontest'];

export function actionableStage(stage: string): ActionableStage | undefined {
  return ACTIONABLE_STAGES.find((s) => s.toLowerCase() === stage.toLowerCase());
}
