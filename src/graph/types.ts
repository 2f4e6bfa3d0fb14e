// What the Graph calls return: plain objects with the fields the app uses, nulls removed, enums in
// Graph's casing. Unknown enum values pass through as strings (Graph adds values over time:
// "unknownFutureValue"). Field meanings: graph-entitlement.md sections 1.3-1.6.

/** An enum value Graph documents, or a newer one passed through as is. */
export type Open<T extends string> = T | (string & {});

export const REQUEST_STATES = [
  'submitted',
  'pendingApproval',
  'delivering',
  'delivered',
  'deliveryFailed',
  'denied',
  'scheduled',
  'canceled',
  'partiallyDelivered',
  'unknownFutureValue',
] as const;
export type RequestState = (typeof REQUEST_STATES)[number];

/** Requests still in progress: a new adminAdd for the same package and user would duplicate one. */
export const OPEN_REQUEST_STATES: readonly RequestState[] = [
  'submitted',
  'pendingApproval',
  'delivering',
  'scheduled',
];

export const ASSIGNMENT_STATES = [
  'delivering',
  'partiallyDelivered',
  'delivered',
  'expired',
  'deliveryFailed',
  'unknownFutureValue',
] as const;
export type AssignmentState = (typeof ASSIGNMENT_STATES)[number];

export const REQUEST_TYPES = [
  'notSpecified',
  'userAdd',
  'userUpdate',
  'userRemove',
  'adminAdd',
  'adminUpdate',
  'adminRemove',
  'systemAdd',
  'systemUpdate',
  'systemRemove',
  'onBehalfAdd',
  'unknownFutureValue',
] as const;
export type RequestType = (typeof REQUEST_TYPES)[number];

export const ALLOWED_TARGET_SCOPES = [
  'notSpecified',
  'specificDirectoryUsers',
  'specificConnectedOrganizationUsers',
  'specificDirectoryServicePrincipals',
  'allMemberUsers',
  'allDirectoryUsers',
  'allDirectoryServicePrincipals',
  'allConfiguredConnectedOrganizationUsers',
  'allExternalUsers',
  'unknownFutureValue',
] as const;
export type AllowedTargetScope = (typeof ALLOWED_TARGET_SCOPES)[number];

export const EXPIRATION_TYPES = ['notSpecified', 'noExpiration', 'afterDateTime', 'afterDuration'] as const;
export type ExpirationType = (typeof EXPIRATION_TYPES)[number];

export interface Ref {
  id: string;
  displayName?: string;
}

export interface AccessPackage {
  id: string;
  displayName: string;
  description?: string;
  /** From `catalog.id` when Graph includes the catalog, or the catalog listed. */
  catalogId?: string;
}

/**
 * A subjectSet as Graph sends it: `@odata.type` (`#microsoft.graph.groupMembers`, `singleUser`, ...)
 * plus its own fields (fields of the subtypes are unconfirmed, so all are kept).
 */
export interface SubjectSet {
  '@odata.type'?: string;
  groupId?: string;
  userId?: string;
  connectedOrganizationId?: string;
  [field: string]: unknown;
}

export interface Expiration {
  type?: Open<ExpirationType>;
  /** ISO 8601 duration, e.g. P365D. */
  duration?: string;
  endDateTime?: string;
}

export interface Schedule {
  startDateTime?: string;
  expiration?: Expiration;
}

export interface RequestorSettings {
  enableTargetsToSelfAddAccess?: boolean;
  enableTargetsToSelfUpdateAccess?: boolean;
  enableTargetsToSelfRemoveAccess?: boolean;
  allowCustomAssignmentSchedule?: boolean;
  enableOnBehalfRequestorsToAddAccess?: boolean;
  enableOnBehalfRequestorsToUpdateAccess?: boolean;
  enableOnBehalfRequestorsToRemoveAccess?: boolean;
  onBehalfRequestors: SubjectSet[];
}

export interface RequestApprovalSettings {
  isApprovalRequiredForAdd?: boolean;
  isApprovalRequiredForUpdate?: boolean;
  stages: unknown[];
}

export interface AssignmentPolicy {
  id: string;
  displayName?: string;
  description?: string;
  allowedTargetScope?: Open<AllowedTargetScope>;
  specificAllowedTargets: SubjectSet[];
  expiration?: Expiration;
  requestorSettings?: RequestorSettings;
  requestApprovalSettings?: RequestApprovalSettings;
  catalog?: Ref;
  accessPackageId?: string;
}

export interface AccessPackageWithPolicies extends AccessPackage {
  assignmentPolicies: AssignmentPolicy[];
}

export interface Catalog {
  id: string;
  displayName: string;
  description?: string;
  state?: string;
  catalogType?: string;
  isExternallyVisible?: boolean;
}

export interface User {
  id: string;
  displayName?: string;
  userPrincipalName?: string;
  mail?: string;
  otherMails: string[];
  userType?: string;
  accountEnabled?: boolean;
}

/** The same type under the name core/ imports. */
export type GraphUser = User;

/** accessPackageSubject: the user (or principal) an assignment is for. */
export interface Subject {
  id?: string;
  objectId?: string;
  email?: string;
  principalName?: string;
  displayName?: string;
  subjectType?: string;
}

export interface CalloutInstance {
  id?: string;
  customExtensionId?: string;
  detail?: string;
  externalCorrelationId?: string;
  status?: string;
}

export interface Assignment {
  id: string;
  state?: Open<AssignmentState>;
  /** Free text (Delivered, NearExpiry1DayNotificationTriggered, ...). */
  status?: string;
  schedule?: Schedule;
  expiredDateTime?: string;
  target?: Subject;
  /** Write-only on create; some answers (and the emulator) include it. */
  targetId?: string;
  accessPackage?: Ref;
  assignmentPolicy?: Ref;
}

export interface AssignmentRequest {
  id: string;
  requestType?: Open<RequestType>;
  state?: Open<RequestState>;
  /** Free text (Accepted, Delivering, WaitingForCallback, ...). */
  status?: string;
  createdDateTime?: string;
  completedDateTime?: string;
  schedule?: Schedule;
  /** With `$expand=assignment`. The id may be absent until Entra creates the assignment. */
  assignment?: Omit<Assignment, 'id'> & { id?: string };
  accessPackage?: Ref;
  requestor?: Subject;
  customExtensionCalloutInstances: CalloutInstance[];
}
