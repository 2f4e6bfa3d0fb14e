// The Microsoft Graph client (v1.0 only): HTTP with retries, tokens, OData encoding, one function
// per call. Everything outside src/graph imports from here.
export * from './clouds';
export * from './errors';
export * from './odata';
export * from './retry';
export * from './error-from-response';
export * from './client';
export * from './client-assertion';
export * from './token-endpoint-error';
export * from './token-provider';
export * from './token-request';
export * from './parse-body';
export * from './next-link';
export * from './types';
export * from './schemas';
export { EM, isGuid, sameId } from './calls/paths';
export { listAccessPackages, listAccessPackagesOfCatalogs } from './calls/list-access-packages';
export { getAccessPackageWithPolicies } from './calls/get-access-package-with-policies';
export { listCatalogs } from './calls/list-catalogs';
export { listDomains, DomainSchema, type GraphDomain } from './calls/list-domains';
export { findUser } from './calls/find-user';
export { listAssignments } from './calls/list-assignments';
export { listOpenRequests } from './calls/list-open-requests';
export {
  createAssignmentRequest,
  assignmentRequestBody,
  type AssignmentRequestInput,
  type ScheduleInput,
  type ExpirationInput,
} from './calls/create-assignment-request';
export { getAssignmentRequest } from './calls/get-assignment-request';
export {
  resumeAssignmentRequest,
  resumeAvailableIn,
  CLOUD_NAMES,
  type ResumeInput,
} from './calls/resume-assignment-request';
