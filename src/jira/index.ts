// The Jira/JSM calls, one file per operation; each takes the Jira port first.
export * from './adf';
export * from './errors';
export { jiraPath, withQuery } from './path';
export type { JiraUser, JiraStatus, JiraProjectRef, JiraIssueTypeRef, JiraOrganization } from './schemas';
export { getIssue, type JiraIssue } from './get-issue';
export { listFields, type JiraField } from './list-fields';
export {
  findFieldIdsByType,
  findFieldsByName,
  ORGANIZATIONS_FIELD_TYPE,
  REQUEST_TYPE_FIELD_TYPE,
  type JsmFieldIds,
} from './find-field-ids-by-type';
export { listOrganizationsOfCustomer, hasAnyOrganization } from './list-organizations-of-customer';
export { listOrganizations } from './list-organizations';
export { listOrganizationUsers } from './list-organization-users';
export { addComment, PUBLIC_COMMENT_PROPERTY, type NewComment } from './add-comment';
export { listComments, type JiraComment } from './list-comments';
export { getCommentsByIds } from './get-comments-by-ids';
export { getTransitions, type JiraTransition } from './get-transitions';
export { findTransition } from './find-transition';
export { transitionIssue } from './transition-issue';
export { getIssueProperty } from './get-issue-property';
export { listIssuePropertyKeys } from './list-issue-property-keys';
export { setIssueProperty } from './set-issue-property';
export { deleteIssueProperty } from './delete-issue-property';
export { createIssue, type NewIssue } from './create-issue';
export { editIssue } from './edit-issue';
export { setIssuePriority } from './set-issue-priority';
export { createCustomerRequest, type NewCustomerRequest } from './create-customer-request';
export { getCustomerRequest } from './get-customer-request';
export { listApprovals, type JsmApproval } from './list-approvals';
export type { CustomerRequest } from './customer-request-schema';
export { addRequestComment } from './add-request-comment';
export { listServiceDesks, type ServiceDesk } from './list-service-desks';
export { listRequestTypes, type RequestType } from './list-request-types';
export { listPriorities, type JiraPriority } from './list-priorities';
export { getUser } from './get-user';
export { getUserEmail } from './get-user-email';
export { getMyself } from './get-myself';
