// The state machine of one access-request ticket. The store holds the truth (`ticket:<issueId>`);
// the issue property `accessBridge` mirrors it so agents, automation and the portal panel can read
// where the request stands. Neither ever holds a secret.
import * as z from 'zod';
import type { Jira, Store } from '../ports';
import { setIssueProperty } from '../../jira';

export const ISSUE_PROPERTY_KEY = 'accessBridge';

export const PhaseSchema = z.enum([
  'received',
  'waiting-for-approval',
  'submitted',
  'delivered',
  'removed',
  'already-done',
  'failed',
]);
export type Phase = z.infer<typeof PhaseSchema>;

export const TERMINAL_PHASES: ReadonlySet<Phase> = new Set([
  'delivered',
  'removed',
  'already-done',
  'failed',
]);

export const TicketStateSchema = z.object({
  version: z.literal(1),
  issueId: z.string(),
  issueKey: z.string(),
  action: z.enum(['grant', 'remove']),
  requestTypeId: z.string(),
  phase: PhaseSchema,
  tenantId: z.string().optional(),
  tenantName: z.string().optional(),
  accessPackageId: z.string().optional(),
  accessPackageName: z.string().optional(),
  policyId: z.string().optional(),
  policyName: z.string().optional(),
  userId: z.string().optional(),
  userPrincipalName: z.string().optional(),
  /** The request waits for a final "approve" in JSM's approval record (item mark or request type). */
  approvalRequired: z.boolean().optional(),
  /**
   * When tenant, package, policy and user above were recorded and shown to approvers (visible
   * field, internal comment, issue property). Only a decision completed after it counts.
   */
  approvalShownAt: z.number().optional(),
  /** When JSM's final "approve" was completed (its completedDate), for the record. */
  approvedAt: z.number().optional(),
  /** A note for the customer about the request as submitted (end date adjusted, ...). */
  submitNote: z.string().optional(),
  entraRequestId: z.string().optional(),
  entraState: z.string().optional(),
  /** When the granted access ends (ISO date-time), if it does. */
  endDateTime: z.string().optional(),
  failure: z.object({ code: z.string(), customerMessage: z.string() }).optional(),
  receivedAt: z.number(),
  submittedAt: z.number().optional(),
  completedAt: z.number().optional(),
  /** Follow-up bookkeeping. */
  followUps: z.number().default(0),
  nextCheckAt: z.number().optional(),
  /** Re-queues caused by throttling or transient errors, capped. */
  retries: z.number().default(0),
  updatedAt: z.number(),
});
export type TicketState = z.infer<typeof TicketStateSchema>;

export const ticketKey = (issueId: string): string => `ticket:${issueId}`;

export async function loadTicketState(store: Store, issueId: string): Promise<TicketState | undefined> {
  const raw = await store.get(ticketKey(issueId));
  if (raw === undefined) return undefined;
  const parsed = TicketStateSchema.safeParse(raw);
  // A record we cannot read is treated as absent rather than crashing every redelivery.
  return parsed.success ? parsed.data : undefined;
}

/** What the issue property shows: the state without bookkeeping fields. */
export function publicView(state: TicketState) {
  return {
    version: state.version,
    action: state.action,
    phase: state.phase,
    tenantName: state.tenantName,
    accessPackageId: state.accessPackageId,
    accessPackageName: state.accessPackageName,
    approvalRequired: state.approvalRequired,
    approvalShownAt: state.approvalShownAt ? new Date(state.approvalShownAt).toISOString() : undefined,
    entraRequestId: state.entraRequestId,
    entraState: state.entraState,
    endDateTime: state.endDateTime,
    failure: state.failure,
    receivedAt: new Date(state.receivedAt).toISOString(),
    submittedAt: state.submittedAt ? new Date(state.submittedAt).toISOString() : undefined,
    completedAt: state.completedAt ? new Date(state.completedAt).toISOString() : undefined,
    updatedAt: new Date(state.updatedAt).toISOString(),
  };
}

/** Saves the state and mirrors it on the issue. Both writes are idempotent (set, PUT). */
export async function saveTicketState(deps: { store: Store; jira: Jira }, state: TicketState): Promise<void> {
  await deps.store.set(ticketKey(state.issueId), state);
  await setIssueProperty(deps.jira, state.issueKey, ISSUE_PROPERTY_KEY, publicView(state));
}
