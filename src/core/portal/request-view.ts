// What the status panels show. The store's ticket record is the truth (access-request/
// ticket-state.ts); customers get the phase, the package, the end date and the words written for
// them; agents also get the technical details. Before the workflow has recorded anything the
// request is shown as received.
import { TERMINAL_PHASES, type Phase, type TicketState } from '../access-request/ticket-state';

export interface CustomerRequestView {
  issueKey: string;
  action: 'grant' | 'remove';
  /** The request waits for JSM approval before anything is asked of Entra (its package or type). */
  approval: boolean;
  phase: Phase;
  /** No further change will come: the panel stops refreshing. */
  terminal: boolean;
  packageName?: string;
  endDateTime?: string;
  /** For a failure: what happened and what to do next, as written for the customer. */
  message?: string;
  /** A note about the request as submitted (end date adjusted, ...). */
  note?: string;
  receivedAt?: string;
  /** When Entra was asked; absent when the request ended before that. */
  submittedAt?: string;
  updatedAt?: string;
}

export interface AgentRequestView extends CustomerRequestView {
  tenantId?: string;
  tenantName?: string;
  accessPackageId?: string;
  policyId?: string;
  policyName?: string;
  userId?: string;
  userPrincipalName?: string;
  entraRequestId?: string;
  entraState?: string;
  failureCode?: string;
  completedAt?: string;
  /** When the resolved tenant, package, policy and user were shown to approvers. */
  approvalShownAt?: string;
  /** When JSM's final approve was completed. */
  approvedAt?: string;
  followUps?: number;
  retries?: number;
  nextCheckAt?: string;
}

const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

export interface RequestKind {
  action: 'grant' | 'remove';
  approval: boolean;
}

export function customerView(
  issueKey: string,
  kind: RequestKind,
  state: TicketState | undefined,
): CustomerRequestView {
  if (!state)
    return { issueKey, action: kind.action, approval: kind.approval, phase: 'received', terminal: false };
  return {
    issueKey,
    action: state.action,
    // The workflow records whether this request waits (the package's mark or the request type).
    approval: state.approvalRequired ?? kind.approval,
    phase: state.phase,
    terminal: TERMINAL_PHASES.has(state.phase),
    packageName: state.accessPackageName,
    endDateTime: state.endDateTime,
    message: state.failure?.customerMessage,
    note: state.submitNote,
    receivedAt: iso(state.receivedAt),
    submittedAt: iso(state.submittedAt),
    updatedAt: iso(state.updatedAt),
  };
}

export function agentView(
  issueKey: string,
  kind: RequestKind,
  state: TicketState | undefined,
): AgentRequestView {
  const base = customerView(issueKey, kind, state);
  if (!state) return base;
  return {
    ...base,
    tenantId: state.tenantId,
    tenantName: state.tenantName,
    accessPackageId: state.accessPackageId,
    policyId: state.policyId,
    policyName: state.policyName,
    userId: state.userId,
    userPrincipalName: state.userPrincipalName,
    entraRequestId: state.entraRequestId,
    entraState: state.entraState,
    failureCode: state.failure?.code,
    completedAt: iso(state.completedAt),
    approvalShownAt: iso(state.approvalShownAt),
    approvedAt: iso(state.approvedAt),
    followUps: state.followUps,
    retries: state.retries,
    nextCheckAt: iso(state.nextCheckAt),
  };
}
