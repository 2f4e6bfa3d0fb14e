// Whether JSM's approval record lets a request go ahead. Pure: the table in
// test/unit/access-request/decide-approval.test.ts is its specification.
//
// Rule: a request goes ahead only when its approvals are all final "approved" and each was
// completed after the app recorded and showed the resolved package (`shownAt`). Any final
// "declined" ends it. A status name is never read: agents and automation can move a request to
// any status, only approvers can answer an approval
// (https://developer.atlassian.com/cloud/jira/service-desk/rest/api-group-request/#api-rest-servicedeskapi-request-issueidorkey-approval-get).
import type { JsmApproval } from '../../jira';

export type ApprovalVerdict =
  | { kind: 'approved'; at: number; approvers: string[] }
  | { kind: 'declined'; by: string[] }
  /** Decided before the approver could see what would be granted: it does not count. */
  | { kind: 'too-early'; at: number }
  /** Still waiting; `none` when JSM has asked nobody yet (no approval step reached). */
  | { kind: 'pending'; none: boolean };

export function decideApproval(
  approvals: Pick<JsmApproval, 'finalDecision' | 'completedAt' | 'approvers'>[],
  shownAt: number,
): ApprovalVerdict {
  const who = (a: (typeof approvals)[number], decision: string) =>
    a.approvers.filter((x) => x.decision === decision).map((x) => x.displayName ?? x.accountId ?? '?');
  const declined = approvals.filter((a) => a.finalDecision === 'declined');
  if (declined.length > 0) return { kind: 'declined', by: declined.flatMap((a) => who(a, 'declined')) };
  if (approvals.length === 0) return { kind: 'pending', none: true };
  // Unknown decisions (not documented) count as not yet decided.
  if (approvals.some((a) => a.finalDecision !== 'approved')) return { kind: 'pending', none: false };
  // Without a completion date we cannot tell it followed the showing: not counted.
  const early = approvals.find((a) => a.completedAt === undefined || a.completedAt <= shownAt);
  if (early) return { kind: 'too-early', at: early.completedAt ?? 0 };
  return {
    kind: 'approved',
    at: Math.max(...approvals.map((a) => a.completedAt!)),
    approvers: approvals.flatMap((a) => who(a, 'approved')),
  };
}
