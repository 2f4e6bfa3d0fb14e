// How each stored record looks on the wire. A "view" holds the structural properties as data and
// the navigation properties as lazy getters, so $filter can walk `assignment/target/objectId`
// while the response carries a navigation only when it is $expand-ed (Graph never inlines one).
import { stableGuid } from '../shared/ids';
import type {
  AccessPackage,
  Assignment,
  AssignmentPolicy,
  AssignmentRequest,
  Catalog,
  Domain,
  User,
} from './data-model';
import type { TenantData } from './lifecycle';

export type View = Record<string, unknown>;

export interface EntityKind<T> {
  /** The contract schema, e.g. microsoft.graph.accessPackage. */
  typeName: string;
  /** Structural properties, Graph-shaped. */
  props(entity: T, tenant: TenantData): View;
  /** Properties returned without $select; default: all structural ones. */
  defaultSelect?: string[];
  /** Navigation properties the emulator can expand, with the kind of their target. */
  nav: Record<
    string,
    { kind: () => EntityKind<unknown>; many: boolean; get: (entity: T, tenant: TenantData) => unknown }
  >;
}

export function view<T>(kind: EntityKind<T>, entity: T, tenant: TenantData): View {
  const out: View = { ...kind.props(entity, tenant) };
  for (const [name, nav] of Object.entries(kind.nav)) {
    Object.defineProperty(out, name, {
      enumerable: true,
      get: () => {
        const target = nav.get(entity, tenant);
        const targetKind = nav.kind();
        if (target === null || target === undefined) return null;
        return Array.isArray(target)
          ? target.map((t) => view(targetKind, t, tenant))
          : view(targetKind, target, tenant);
      },
    });
  }
  return out;
}

const present = <T>(value: T | undefined): T[] => (value === undefined ? [] : [value]);

export const catalogKind: EntityKind<Catalog> = {
  typeName: 'microsoft.graph.accessPackageCatalog',
  props: (c) => ({
    id: c.id,
    displayName: c.displayName,
    description: c.description,
    catalogType: c.catalogType,
    state: c.state,
    isExternallyVisible: c.isExternallyVisible,
    createdDateTime: c.createdDateTime,
    modifiedDateTime: c.modifiedDateTime,
  }),
  nav: {
    accessPackages: {
      kind: () => accessPackageKind as EntityKind<unknown>,
      many: true,
      get: (c, t) => [...t.packages.values()].filter((p) => p.catalogId === c.id),
    },
    customWorkflowExtensions: { kind: () => opaqueKind, many: true, get: () => [] },
  },
};

export const accessPackageKind: EntityKind<AccessPackage> = {
  typeName: 'microsoft.graph.accessPackage',
  props: (p) => ({
    id: p.id,
    displayName: p.displayName,
    description: p.description,
    isHidden: p.isHidden,
    createdDateTime: p.createdDateTime,
    modifiedDateTime: p.modifiedDateTime,
  }),
  nav: {
    catalog: {
      kind: () => catalogKind as EntityKind<unknown>,
      many: false,
      get: (p, t) => t.catalogs.get(p.catalogId),
    },
    assignmentPolicies: {
      kind: () => policyKind as EntityKind<unknown>,
      many: true,
      get: (p, t) => p.policyIds.flatMap((id) => present(t.policies.get(id))),
    },
    accessPackagesIncompatibleWith: {
      kind: () => accessPackageKind as EntityKind<unknown>,
      many: true,
      get: () => [],
    },
    incompatibleAccessPackages: {
      kind: () => accessPackageKind as EntityKind<unknown>,
      many: true,
      get: () => [],
    },
    incompatibleGroups: { kind: () => opaqueKind, many: true, get: () => [] },
    resourceRoleScopes: { kind: () => opaqueKind, many: true, get: () => [] },
  },
};

export const policyKind: EntityKind<AssignmentPolicy> = {
  typeName: 'microsoft.graph.accessPackageAssignmentPolicy',
  props: (p) => ({
    id: p.id,
    displayName: p.displayName,
    description: p.description,
    allowedTargetScope: p.allowedTargetScope,
    specificAllowedTargets: structuredClone(p.specificAllowedTargets),
    expiration: { endDateTime: null, duration: null, ...p.expiration },
    requestorSettings: structuredClone(p.requestorSettings),
    requestApprovalSettings: structuredClone(p.requestApprovalSettings),
    automaticRequestSettings: p.automaticRequestSettings,
    reviewSettings: p.reviewSettings,
    createdDateTime: p.createdDateTime,
    modifiedDateTime: p.modifiedDateTime,
  }),
  nav: {
    accessPackage: {
      kind: () => accessPackageKind as EntityKind<unknown>,
      many: false,
      get: (p, t) => t.packages.get(p.accessPackageId),
    },
    catalog: {
      kind: () => catalogKind as EntityKind<unknown>,
      many: false,
      get: (p, t) => t.catalogs.get(t.packages.get(p.accessPackageId)?.catalogId ?? ''),
    },
    customExtensionStageSettings: {
      kind: () => stageSettingKind as EntityKind<unknown>,
      many: true,
      get: (p) => p.customExtensionStageSettings,
    },
    questions: { kind: () => opaqueKind, many: true, get: () => [] },
  },
};

const stageSettingKind: EntityKind<AssignmentPolicy['customExtensionStageSettings'][number]> = {
  typeName: 'microsoft.graph.customExtensionStageSetting',
  props: (s) => ({ id: s.id, stage: s.stage }),
  nav: {
    customExtension: { kind: () => opaqueKind, many: false, get: (s) => s.customExtension ?? null },
  },
};

/** A record served as stored (custom extensions); nothing further to expand. */
const opaqueKind: EntityKind<unknown> = {
  typeName: 'microsoft.graph.entity',
  props: (value) => ({ ...(value as View) }),
  nav: {},
};

export interface Subject {
  id: string;
  objectId: string;
  displayName: string | null;
  email: string | null;
  principalName: string | null;
  subjectType: 'user' | 'servicePrincipal';
}

export const subjectKind: EntityKind<Subject> = {
  typeName: 'microsoft.graph.accessPackageSubject',
  props: (s) => ({ ...s, onPremisesSecurityIdentifier: null }),
  nav: { connectedOrganization: { kind: () => opaqueKind, many: false, get: () => null } },
};

export function userSubject(user: User): Subject {
  return {
    // The subject is its own object in Entra, distinct from the user it stands for.
    id: stableGuid(`subject:${user.id}`),
    objectId: user.id,
    displayName: user.displayName,
    email: user.mail,
    principalName: user.userPrincipalName,
    subjectType: 'user',
  };
}

export const assignmentKind: EntityKind<Assignment> = {
  typeName: 'microsoft.graph.accessPackageAssignment',
  props: (a) => ({
    id: a.id,
    state: a.state,
    status: a.status,
    expiredDateTime: a.expiredDateTime,
    schedule: structuredClone(a.schedule),
    customExtensionCalloutInstances: structuredClone(a.customExtensionCalloutInstances),
  }),
  nav: {
    accessPackage: {
      kind: () => accessPackageKind as EntityKind<unknown>,
      many: false,
      get: (a, t) => t.packages.get(a.accessPackageId),
    },
    assignmentPolicy: {
      kind: () => policyKind as EntityKind<unknown>,
      many: false,
      get: (a, t) => t.policies.get(a.assignmentPolicyId),
    },
    target: {
      kind: () => subjectKind as EntityKind<unknown>,
      many: false,
      get: (a, t) => {
        const user = t.users.get(a.targetUserId);
        return user ? userSubject(user) : null;
      },
    },
  },
};

export const requestKind: EntityKind<AssignmentRequest> = {
  typeName: 'microsoft.graph.accessPackageAssignmentRequest',
  props: (r) => ({
    id: r.id,
    requestType: r.requestType,
    state: r.state,
    status: r.status,
    createdDateTime: r.createdDateTime,
    completedDateTime: r.completedDateTime,
    schedule: structuredClone(r.schedule),
    answers: structuredClone(r.answers),
    customExtensionCalloutInstances: structuredClone(r.customExtensionCalloutInstances),
  }),
  nav: {
    accessPackage: {
      kind: () => accessPackageKind as EntityKind<unknown>,
      many: false,
      get: (r, t) => t.packages.get(r.accessPackageId),
    },
    assignment: {
      kind: () => assignmentKind as EntityKind<unknown>,
      many: false,
      // A denied request's assignment never existed; Graph then returns the request without one.
      get: (r, t) => t.assignmentsById.get(r.assignmentId) ?? null,
    },
    requestor: {
      kind: () => subjectKind as EntityKind<unknown>,
      many: false,
      get: (r): Subject => ({
        id: stableGuid(`subject:${r.requestor.objectId}`),
        objectId: r.requestor.objectId,
        displayName: r.requestor.displayName,
        email: null,
        principalName: null,
        subjectType: 'servicePrincipal',
      }),
    },
  },
};

/** Default-set properties the emulator does not store read as Graph's empty values. */
const USER_DEFAULT_FILLERS: View = {
  businessPhones: [],
  jobTitle: null,
  mobilePhone: null,
  officeLocation: null,
  preferredLanguage: null,
};

export const domainKind: EntityKind<Domain> = {
  typeName: 'microsoft.graph.domain',
  props: (d) => ({
    id: d.id,
    authenticationType: d.authenticationType,
    availabilityStatus: null,
    isAdminManaged: true,
    isDefault: d.isDefault,
    isInitial: d.isInitial,
    isRoot: true,
    isVerified: d.isVerified,
    passwordNotificationWindowInDays: null,
    passwordValidityPeriodInDays: null,
    supportedServices: [...d.supportedServices],
    state: null,
  }),
  nav: {},
};

export const userKind: EntityKind<User> = {
  typeName: 'microsoft.graph.user',
  props: (u) => ({
    ...USER_DEFAULT_FILLERS,
    ...u,
    otherMails: [...u.otherMails],
    proxyAddresses: [...u.proxyAddresses],
  }),
  // GET /users without $select returns this default set only (learn.microsoft.com/graph/api/user-get);
  // accountEnabled, userType, otherMails and proxyAddresses need $select.
  defaultSelect: [
    'businessPhones',
    'displayName',
    'givenName',
    'jobTitle',
    'mail',
    'mobilePhone',
    'officeLocation',
    'preferredLanguage',
    'surname',
    'userPrincipalName',
    'id',
  ],
  nav: {},
};
