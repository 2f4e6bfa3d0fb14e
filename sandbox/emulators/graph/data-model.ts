// One tenant's directory and entitlement-management data, with builders that fill sensible
// defaults and generated GUIDs. Records keep Graph's property names; the internal links
// (accessPackageId, targetUserId, ...) stay out of what the handlers serialize (shapes.ts).
import { newGuid } from '../shared/ids';

export type AllowedTargetScope =
  | 'notSpecified'
  | 'specificDirectoryUsers'
  | 'specificConnectedOrganizationUsers'
  | 'specificDirectoryServicePrincipals'
  | 'allMemberUsers'
  | 'allDirectoryUsers'
  | 'allDirectoryServicePrincipals'
  | 'allConfiguredConnectedOrganizationUsers'
  | 'allExternalUsers';

export type SubjectSet =
  | { '@odata.type': '#microsoft.graph.groupMembers'; groupId: string; description?: string | null }
  | { '@odata.type': '#microsoft.graph.singleUser'; userId: string; description?: string | null }
  | { '@odata.type': string; [key: string]: unknown };

export interface ExpirationPattern {
  type: 'notSpecified' | 'noExpiration' | 'afterDateTime' | 'afterDuration';
  duration?: string | null;
  endDateTime?: string | null;
}

export interface Catalog {
  id: string;
  displayName: string;
  description: string;
  catalogType: 'userManaged' | 'serviceDefault' | 'serviceManaged';
  state: 'unpublished' | 'published';
  isExternallyVisible: boolean;
  createdDateTime: string;
  modifiedDateTime: string;
}

export interface AccessPackage {
  id: string;
  displayName: string;
  description: string;
  isHidden: boolean;
  createdDateTime: string;
  modifiedDateTime: string;
  catalogId: string;
  policyIds: string[];
}

export interface CustomExtensionStageSetting {
  id: string;
  stage: string;
  customExtension?: { id: string; displayName?: string; [key: string]: unknown };
}

export interface AssignmentPolicy {
  id: string;
  displayName: string;
  description: string;
  allowedTargetScope: AllowedTargetScope;
  specificAllowedTargets: SubjectSet[];
  expiration: ExpirationPattern;
  requestorSettings: Record<string, unknown>;
  requestApprovalSettings: Record<string, unknown>;
  automaticRequestSettings: Record<string, unknown> | null;
  reviewSettings: Record<string, unknown> | null;
  createdDateTime: string;
  modifiedDateTime: string;
  accessPackageId: string;
  customExtensionStageSettings: CustomExtensionStageSetting[];
}

export interface User {
  id: string;
  displayName: string;
  userPrincipalName: string;
  mail: string | null;
  otherMails: string[];
  proxyAddresses: string[];
  userType: 'Member' | 'Guest';
  accountEnabled: boolean;
  givenName: string | null;
  surname: string | null;
}

export interface Group {
  id: string;
  displayName: string;
  members: string[];
}

export type AssignmentState =
  'delivering' | 'partiallyDelivered' | 'delivered' | 'expired' | 'deliveryFailed';

export interface Schedule {
  startDateTime: string | null;
  recurrence: unknown;
  expiration: { endDateTime: string | null; duration: string | null; type: ExpirationPattern['type'] };
}

export interface Assignment {
  id: string;
  state: AssignmentState;
  status: string;
  expiredDateTime: string | null;
  schedule: Schedule;
  customExtensionCalloutInstances: CalloutInstance[];
  accessPackageId: string;
  assignmentPolicyId: string;
  targetUserId: string;
}

export interface CalloutInstance {
  id: string;
  customExtensionId: string | null;
  detail: string | null;
  externalCorrelationId: string | null;
  status: 'calloutSent' | 'callbackReceived' | 'calloutFailed' | 'callbackTimedOut' | 'waitingForCallback';
}

export type RequestState =
  | 'submitted'
  | 'pendingApproval'
  | 'delivering'
  | 'delivered'
  | 'deliveryFailed'
  | 'denied'
  | 'scheduled'
  | 'canceled'
  | 'partiallyDelivered';

export type Outcome = 'delivered' | 'deliveryFailed' | 'denied';

export interface AssignmentRequest {
  id: string;
  requestType: 'adminAdd' | 'adminRemove';
  state: RequestState;
  status: string;
  createdDateTime: string;
  completedDateTime: string | null;
  schedule: Schedule;
  answers: unknown[];
  justification: string | null;
  customExtensionCalloutInstances: CalloutInstance[];
  accessPackageId: string;
  assignmentPolicyId: string;
  targetUserId: string;
  assignmentId: string;
  requestor: { objectId: string; displayName: string };
  /** GETs by id so far; the request completes on GET number `afterPolls`. */
  polls: number;
  afterPolls: number;
  outcome: Outcome;
  waiting?: { stage: string; stageInstanceId: string };
}

export interface ResumeRecord {
  requestId: string;
  at: string;
  accepted: boolean;
  status: number;
  body: unknown;
  problem?: string;
}

export const OPEN_REQUEST_STATES: ReadonlySet<RequestState> = new Set([
  'submitted',
  'pendingApproval',
  'delivering',
  'scheduled',
]);

export interface CatalogInput {
  id?: string;
  displayName?: string;
  description?: string;
  state?: Catalog['state'];
  isExternallyVisible?: boolean;
}

export interface PolicyInput {
  id?: string;
  displayName?: string;
  description?: string;
  allowedTargetScope?: AllowedTargetScope;
  specificAllowedTargets?: SubjectSet[];
  expiration?: ExpirationPattern;
  requestorSettings?: Record<string, unknown>;
  requestApprovalSettings?: Record<string, unknown>;
  customExtensionStageSettings?: {
    stage: string;
    customExtension?: CustomExtensionStageSetting['customExtension'];
  }[];
}

export interface AccessPackageInput {
  id?: string;
  catalogId: string;
  displayName: string;
  description?: string;
  isHidden?: boolean;
  /** Default: one admin-only policy (allowedTargetScope notSpecified, no expiration). */
  policies?: PolicyInput[];
}

export interface UserInput {
  id?: string;
  displayName?: string;
  userPrincipalName?: string;
  mail?: string | null;
  otherMails?: string[];
  proxyAddresses?: string[];
  userType?: User['userType'];
  accountEnabled?: boolean;
  givenName?: string | null;
  surname?: string | null;
}

export interface GroupInput {
  id?: string;
  displayName?: string;
  members?: string[];
}

export interface AssignmentInput {
  id?: string;
  accessPackageId: string;
  userId: string;
  assignmentPolicyId?: string;
  state?: AssignmentState;
}

/** A domain of the tenant (microsoft.graph.domain); `id` is the domain name. */
export interface Domain {
  id: string;
  isVerified: boolean;
  isDefault: boolean;
  isInitial: boolean;
  authenticationType: 'Managed' | 'Federated';
  supportedServices: string[];
}

export interface DomainInput {
  id: string;
  isVerified?: boolean;
  isDefault?: boolean;
  isInitial?: boolean;
}

/** Storage and builders; the request lifecycle lives in lifecycle.ts, wired by TenantData. */
export class TenantStore {
  readonly catalogs = new Map<string, Catalog>();
  readonly packages = new Map<string, AccessPackage>();
  readonly policies = new Map<string, AssignmentPolicy>();
  readonly users = new Map<string, User>();
  readonly groups = new Map<string, Group>();
  readonly assignmentsById = new Map<string, Assignment>();
  readonly requestsById = new Map<string, AssignmentRequest>();
  readonly outcomes = new Map<string, { outcome: Outcome; afterPolls: number }>();
  readonly resumeLog: ResumeRecord[] = [];
  /** The tenant's domains, in the order added (GET /domains). */
  readonly domains = new Map<string, Domain>();
  /** Server-driven page size for collections without $top (Graph's default here is 100). */
  pageSize = 100;
  private counter = 0;

  constructor(
    readonly id: string,
    protected readonly now: () => number,
  ) {}

  protected iso(): string {
    return new Date(this.now()).toISOString();
  }

  addDomain(input: DomainInput): Domain {
    const domain: Domain = {
      id: input.id.toLowerCase(),
      isVerified: input.isVerified ?? true,
      isDefault: input.isDefault ?? false,
      isInitial: input.isInitial ?? false,
      authenticationType: 'Managed',
      supportedServices: input.isVerified === false ? [] : ['Email', 'OfficeCommunicationsOnline'],
    };
    this.domains.set(domain.id, domain);
    return domain;
  }

  addCatalog(input: CatalogInput = {}): Catalog {
    const n = ++this.counter;
    const at = this.iso();
    const catalog: Catalog = {
      id: input.id ?? newGuid(),
      displayName: input.displayName ?? `Catalog ${n}`,
      description: input.description ?? '',
      catalogType: 'userManaged',
      state: input.state ?? 'published',
      isExternallyVisible: input.isExternallyVisible ?? false,
      createdDateTime: at,
      modifiedDateTime: at,
    };
    this.catalogs.set(catalog.id, catalog);
    return catalog;
  }

  addAccessPackage(input: AccessPackageInput): AccessPackage {
    if (!this.catalogs.has(input.catalogId))
      throw new Error(`Graph emulator: catalog ${input.catalogId} does not exist`);
    const at = this.iso();
    const pkg: AccessPackage = {
      id: input.id ?? newGuid(),
      displayName: input.displayName,
      description: input.description ?? '',
      isHidden: input.isHidden ?? false,
      createdDateTime: at,
      modifiedDateTime: at,
      catalogId: input.catalogId,
      policyIds: [],
    };
    this.packages.set(pkg.id, pkg);
    const policies = input.policies ?? [{ displayName: 'Direct assignments (admin only)' }];
    for (const policy of policies) this.addPolicy({ ...policy, accessPackageId: pkg.id });
    return pkg;
  }

  addPolicy(input: PolicyInput & { accessPackageId: string }): AssignmentPolicy {
    const pkg = this.packages.get(input.accessPackageId);
    if (!pkg) throw new Error(`Graph emulator: access package ${input.accessPackageId} does not exist`);
    const at = this.iso();
    const selfService = input.allowedTargetScope !== undefined && input.allowedTargetScope !== 'notSpecified';
    const policy: AssignmentPolicy = {
      id: input.id ?? newGuid(),
      displayName: input.displayName ?? `Policy ${++this.counter}`,
      description: input.description ?? '',
      allowedTargetScope: input.allowedTargetScope ?? 'notSpecified',
      specificAllowedTargets: input.specificAllowedTargets ?? [],
      expiration: input.expiration ?? { type: 'noExpiration', duration: null, endDateTime: null },
      requestorSettings: input.requestorSettings ?? {
        enableTargetsToSelfAddAccess: selfService,
        enableTargetsToSelfUpdateAccess: false,
        enableTargetsToSelfRemoveAccess: selfService,
        allowCustomAssignmentSchedule: false,
        enableOnBehalfRequestorsToAddAccess: false,
        enableOnBehalfRequestorsToUpdateAccess: false,
        enableOnBehalfRequestorsToRemoveAccess: false,
        onBehalfRequestors: [],
      },
      requestApprovalSettings: input.requestApprovalSettings ?? {
        isApprovalRequiredForAdd: false,
        isApprovalRequiredForUpdate: false,
        stages: [],
      },
      automaticRequestSettings: null,
      reviewSettings: null,
      createdDateTime: at,
      modifiedDateTime: at,
      accessPackageId: pkg.id,
      customExtensionStageSettings: (input.customExtensionStageSettings ?? []).map((s) => ({
        id: newGuid(),
        ...s,
      })),
    };
    this.policies.set(policy.id, policy);
    pkg.policyIds.push(policy.id);
    return policy;
  }

  addUser(input: UserInput = {}): User {
    const n = ++this.counter;
    const upn = input.userPrincipalName ?? `user${n}@tenant-${this.id.slice(0, 8)}.onmicrosoft.com`;
    const mail = input.mail === undefined ? upn : input.mail;
    const user: User = {
      id: input.id ?? newGuid(),
      displayName: input.displayName ?? `User ${n}`,
      userPrincipalName: upn,
      mail,
      otherMails: input.otherMails ?? [],
      proxyAddresses: input.proxyAddresses ?? (mail ? [`SMTP:${mail}`] : []),
      userType: input.userType ?? 'Member',
      accountEnabled: input.accountEnabled ?? true,
      givenName: input.givenName ?? null,
      surname: input.surname ?? null,
    };
    this.users.set(user.id, user);
    return user;
  }

  addGroup(input: GroupInput = {}): Group {
    const group: Group = {
      id: input.id ?? newGuid(),
      displayName: input.displayName ?? `Group ${++this.counter}`,
      members: [...(input.members ?? [])],
    };
    this.groups.set(group.id, group);
    return group;
  }

  addGroupMember(groupId: string, userId: string): void {
    const group = this.groups.get(groupId);
    if (!group) throw new Error(`Graph emulator: group ${groupId} does not exist`);
    if (!group.members.includes(userId)) group.members.push(userId);
  }

  /** Seeds an assignment directly (default: delivered, under the package's first policy). */
  addAssignment(input: AssignmentInput): Assignment {
    const pkg = this.packages.get(input.accessPackageId);
    if (!pkg) throw new Error(`Graph emulator: access package ${input.accessPackageId} does not exist`);
    if (!this.users.has(input.userId)) throw new Error(`Graph emulator: user ${input.userId} does not exist`);
    const assignment: Assignment = {
      id: input.id ?? newGuid(),
      state: input.state ?? 'delivered',
      status: capitalize(input.state ?? 'delivered'),
      expiredDateTime: null,
      schedule: {
        startDateTime: this.iso(),
        recurrence: null,
        expiration: { endDateTime: null, duration: null, type: 'noExpiration' },
      },
      customExtensionCalloutInstances: [],
      accessPackageId: pkg.id,
      assignmentPolicyId: input.assignmentPolicyId ?? (pkg.policyIds[0] as string),
      targetUserId: input.userId,
    };
    this.assignmentsById.set(assignment.id, assignment);
    return assignment;
  }

  setOutcome(accessPackageId: string, spec: { outcome: Outcome; afterPolls?: number }): void {
    this.outcomes.set(accessPackageId, { outcome: spec.outcome, afterPolls: spec.afterPolls ?? 1 });
  }

  setPageSize(size: number): void {
    if (!Number.isInteger(size) || size < 1)
      throw new Error('Graph emulator: page size must be a positive integer');
    this.pageSize = size;
  }

  /** Finds a user by object id or userPrincipalName (case-insensitive), as GET /users/{id|upn} does. */
  findUser(idOrUpn: string): User | undefined {
    const lower = idOrUpn.toLowerCase();
    for (const user of this.users.values()) {
      if (user.id.toLowerCase() === lower || user.userPrincipalName.toLowerCase() === lower) return user;
    }
    return undefined;
  }

  assignmentRequests(): AssignmentRequest[] {
    return [...this.requestsById.values()].map((r) => structuredClone(r));
  }

  assignments(): Assignment[] {
    return [...this.assignmentsById.values()].map((a) => structuredClone(a));
  }

  resumes(): ResumeRecord[] {
    return this.resumeLog.map((r) => structuredClone(r));
  }
}

export function capitalize(value: string): string {
  return value.charAt(0).toUpperCase() + value.slice(1);
}
