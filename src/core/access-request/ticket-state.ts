// The state machine of one access-request ticket. The store holds the truth (`ticket:<issueId>`);
// the issue property `accessBridge` mirrors it so agents, automation and the portal panel can read
// where the request stands. Neither ever holds a secret.
//
// Delivery is at-least-once and jobs of one ticket run in parallel, so a job may save a state it
// derived from an old read (issue 11, finding 5: "waiting-for-approval" written over "submitted"
// strands the ticket). Every save therefore names the revision it was derived from, and revision
// n+1 is created exactly once: `ticket-rev:<issueId>:<n+1>` with KVS's FAIL_IF_EXISTS (the
// store's setIfAbsent, https://developer.atlassian.com/platform/forge/storage-reference/kvs-api/).
// KVS has no compare-and-set on a plain key (conditions exist only for custom entities,
// https://developer.atlassian.com/platform/forge/storage-reference/transactions-entities), so the
// revision keys are the log and `ticket:<issueId>` is a copy of its head, found again by walking
// forward from it. A save that loses the race to a ticket further on in PHASE_ORDER is dropped and
// the newer state is returned; one that is further on than the winner is re-applied on top of it.
import * as z from 'zod';
import type { Jira, Store } from '../ports';
import { setIssueProperty } from '../../jira';
import { RetryLaterError } from '../../graph/errors';

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
  /** Saves so far: the revision this state is, or was derived from (absent: never saved). */
  revision: z.number().int().nonnegative().optional(),
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
export const ticketRevisionKey = (issueId: string, revision: number): string =>
  `ticket-rev:${issueId}:${revision}`;

/**
 * How far a phase is along. A ticket never moves to a lower rank; the terminal phases share the
 * top one, so one ending never replaces another.
 */
export const PHASE_ORDER: Readonly<Record<Phase, number>> = {
  received: 0,
  'waiting-for-approval': 1,
  submitted: 2,
  delivered: 3,
  removed: 3,
  'already-done': 3,
  failed: 3,
};

/**
 * Revision keys outlive any job that could still hold an older read (an invocation lasts at most
 * 900 s, https://developer.atlassian.com/platform/forge/limits-invocation), and expire so a
 * ticket's log does not grow for ever: the head is kept in `ticket:<issueId>` without expiry.
 */
const REVISION_TTL_SECONDS = 30 * 24 * 3600;
/** Saves re-applied on top of a newer state before the job is re-queued instead. */
const MAX_SAVE_ATTEMPTS = 5;

const parse = (raw: unknown): TicketState | undefined => {
  if (raw === undefined) return undefined;
  const parsed = TicketStateSchema.safeParse(raw);
  // A record we cannot read is treated as absent rather than crashing every redelivery.
  return parsed.success ? parsed.data : undefined;
};
const revisionOf = (state: TicketState | undefined): number => state?.revision ?? 0;

/** The newest revision: the head copy, then any later revision a save had no time to copy. */
async function readLatest(
  store: Store,
  issueId: string,
): Promise<{ state: TicketState | undefined; headIsBehind: boolean }> {
  let state = parse(await store.get(ticketKey(issueId)));
  let headIsBehind = false;
  for (;;) {
    const next = parse(await store.get(ticketRevisionKey(issueId, revisionOf(state) + 1)));
    if (!next) return { state, headIsBehind };
    state = next;
    headIsBehind = true;
  }
}

/**
 * Copies the newest revision to the head. Two copies can land out of order; whoever lands an old
 * one sees a later revision right after and copies again, so the head ends on the newest.
 */
async function copyToHead(store: Store, issueId: string, state: TicketState): Promise<TicketState> {
  let current = state;
  for (let i = 0; i < MAX_SAVE_ATTEMPTS; i++) {
    await store.set(ticketKey(issueId), current);
    const { state: latest, headIsBehind } = await readLatest(store, issueId);
    if (!latest || !headIsBehind) return latest ?? current;
    current = latest;
  }
  return current;
}

export async function loadTicketState(store: Store, issueId: string): Promise<TicketState | undefined> {
  const { state, headIsBehind } = await readLatest(store, issueId);
  return state && headIsBehind ? copyToHead(store, issueId, state) : state;
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

export interface SaveResult {
  /** False when a newer state had been saved by another job: `state` is that one. */
  written: boolean;
  /** What the ticket holds now, with its revision: carry on from this one. */
  state: TicketState;
}

/**
 * Saves `next` as the revision after the one it was derived from, and mirrors it on the issue.
 * When another job saved first: a `next` further along (PHASE_ORDER) is applied on top of what
 * that job saved; otherwise nothing is written and the newer state comes back (`written: false`),
 * for the caller to stop or carry on from it.
 */
export async function saveTicketState(
  deps: { store: Store; jira: Jira },
  next: TicketState,
): Promise<SaveResult> {
  const { store } = deps;
  let candidate = next;
  for (let attempt = 0; attempt < MAX_SAVE_ATTEMPTS; attempt++) {
    const revision = revisionOf(candidate) + 1;
    const saved: TicketState = { ...candidate, revision };
    if (
      await store.setIfAbsent(ticketRevisionKey(next.issueId, revision), saved, {
        ttlSeconds: REVISION_TTL_SECONDS,
      })
    ) {
      const head = await copyToHead(store, next.issueId, saved);
      await setIssueProperty(deps.jira, head.issueKey, ISSUE_PROPERTY_KEY, publicView(head));
      return { written: true, state: saved };
    }
    const { state: latest } = await readLatest(store, next.issueId);
    if (!latest) continue; // taken, yet nothing readable from the head on: try again, then re-queue
    if (PHASE_ORDER[next.phase] <= PHASE_ORDER[latest.phase]) return { written: false, state: latest };
    // Further along than what the other job saved: ours on top, keeping what it learned.
    candidate = { ...latest, ...definedFields(next), revision: latest.revision };
  }
  throw new RetryLaterError(`Ticket ${next.issueKey} kept changing while it was being saved.`, 5_000);
}

function definedFields(state: TicketState): Partial<TicketState> {
  return Object.fromEntries(Object.entries(state).filter(([, value]) => value !== undefined));
}
