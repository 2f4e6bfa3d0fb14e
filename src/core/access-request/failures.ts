// Every way an access request can end without access, each with its own words: a plain one for
// the customer (public comment) and one for agents that says what to do next (internal comment).
import { AccessBridgeError } from '../../graph/errors';

export type FailureCode =
  | 'request_type_not_configured'
  | 'package_missing'
  | 'org_not_mapped'
  | 'org_membership_unknown'
  | 'several_orgs'
  | 'reporter_email_unreadable'
  | 'not_requestable'
  | 'package_not_found'
  | 'package_ambiguous'
  | 'no_policy_fits'
  | 'end_date_invalid'
  | 'reporter_email_unknown'
  | 'user_not_found'
  | 'user_ambiguous'
  | 'already_has_access'
  | 'open_request_exists'
  | 'no_assignment_to_remove'
  | 'package_conflict'
  | 'approval_declined'
  | 'approval_outdated'
  | 'entra_approval_required'
  | 'permission_missing'
  | 'credentials_invalid'
  | 'throttled'
  | 'entra_denied'
  | 'entra_failed'
  | 'entra_canceled'
  | 'follow_up_timed_out'
  | 'graph_rejected'
  | 'dry_run'
  | 'unexpected';

export interface FailureDetails {
  /** For the customer: short and plain, no ids. */
  customer: string;
  /** For agents: what happened and what to do next, with the ids needed. */
  agent: string;
  /** Extra key/value lines for the agents' comment (ids, Graph request-id). */
  facts?: Record<string, string | number | undefined>;
  /** True when the outcome is good news (access already there): the ticket is resolved. */
  resolves?: boolean;
}

/** A workflow step ended the request: carries the failure code and both messages. */
export class WorkflowFailure extends AccessBridgeError {
  readonly code: FailureCode;
  constructor(
    code: FailureCode,
    readonly details: FailureDetails,
    options?: { cause?: unknown },
  ) {
    super(details.agent, options);
    this.code = code;
  }
}

export function fail(code: FailureCode, details: FailureDetails, cause?: unknown): never {
  throw new WorkflowFailure(code, details, cause === undefined ? undefined : { cause });
}

/** The public comment prefix every failure shares, so customers always know a human will follow up. */
export const CUSTOMER_FOLLOW_UP = 'Our team has been notified and will follow up here.';
