// JSM approvals, as documented for Jira Service Management Cloud:
// GET  /rest/servicedeskapi/request/{issueIdOrKey}/approval (paged: start, limit, isLastPage)
// GET  /rest/servicedeskapi/request/{issueIdOrKey}/approval/{approvalId}
// POST /rest/servicedeskapi/request/{issueIdOrKey}/approval/{approvalId} {"decision": "approve"|"decline"}
// https://developer.atlassian.com/cloud/jira/service-desk/rest/api-group-request/#api-rest-servicedeskapi-request-issueidorkey-approval-get
// The REST caller is the app (api.asApp()), which is never an approver: "Permissions required:
// User is assigned to the approval request" for the POST, so the app's own answer is refused.
import { jsmDate, renderUser } from './render';
import { APP_ACCOUNT_ID, type Approval } from './model';
import { asObject, jsmError, route, type RequestContext, type Reply, type Route } from './router';
import { page } from './routes-servicedesk';
import type { JiraSite } from './site';

const NOT_FOUND = 'The request does not exist or you do not have permission to see it.';

export function renderApproval(
  site: JiraSite,
  approval: Approval,
  callerId: string,
): Record<string, unknown> {
  const issue = site.issues.get(approval.issueId)!;
  const approval_: Record<string, unknown> = {
    id: approval.id,
    name: approval.name,
    finalDecision: approval.finalDecision,
    canAnswerApproval:
      approval.finalDecision === 'pending' &&
      approval.approverIds.includes(callerId) &&
      !approval.decisions.has(callerId),
    approvers: approval.approverIds.map((id) => ({
      approver: renderUser(site, site.accounts.get(id)!, 'jsm'),
      approverDecision: approval.decisions.get(id) ?? 'pending',
    })),
    createdDate: jsmDate(approval.created),
    _links: { self: `${site.baseUrl}/rest/servicedeskapi/request/${issue.id}/approval/${approval.id}` },
  };
  if (approval.completed !== undefined) approval_.completedDate = jsmDate(approval.completed);
  return approval_;
}

function requestOf(ctx: RequestContext) {
  const issue = ctx.site.findIssue(ctx.params.issueIdOrKey ?? '');
  return issue && issue.requestTypeId ? issue : undefined;
}

function listApprovals(ctx: RequestContext): Reply {
  const issue = requestOf(ctx);
  if (!issue) return jsmError(404, NOT_FOUND);
  return page(ctx, ctx.site.approvalsOf(issue), (a) => renderApproval(ctx.site, a, APP_ACCOUNT_ID));
}

function getApproval(ctx: RequestContext): Reply {
  const issue = requestOf(ctx);
  if (!issue) return jsmError(404, NOT_FOUND);
  const approval = ctx.site.approvalsOf(issue).find((a) => a.id === ctx.params.approvalId);
  if (!approval) return jsmError(404, 'The approval does not exist.');
  return { status: 200, body: renderApproval(ctx.site, approval, APP_ACCOUNT_ID) };
}

function answerApproval(ctx: RequestContext): Reply {
  const issue = requestOf(ctx);
  if (!issue) return jsmError(404, NOT_FOUND);
  const decision = asObject(ctx.body)?.decision;
  if (decision !== 'approve' && decision !== 'decline')
    return jsmError(400, 'The decision must be "approve" or "decline".');
  const refused = ctx.site.answerApproval(issue, ctx.params.approvalId ?? '', APP_ACCOUNT_ID, decision);
  if (refused === 'not-found') return jsmError(404, 'The approval does not exist.');
  if (refused === 'forbidden') return jsmError(403, 'You are not an approver of this request.');
  if (refused === 'closed') return jsmError(400, 'This approval has already been decided.');
  const approval = ctx.site.approvals.get(ctx.params.approvalId ?? '')!;
  return { status: 200, body: renderApproval(ctx.site, approval, APP_ACCOUNT_ID) };
}

export const approvalRoutes: Route[] = [
  route('GET', '/rest/servicedeskapi/request/{issueIdOrKey}/approval', listApprovals),
  route('GET', '/rest/servicedeskapi/request/{issueIdOrKey}/approval/{approvalId}', getApproval),
  route('POST', '/rest/servicedeskapi/request/{issueIdOrKey}/approval/{approvalId}', answerApproval),
];
