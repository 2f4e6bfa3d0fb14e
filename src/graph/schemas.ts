// zod schemas of the entitlement-management and user resources as Graph v1.0 sends them
// (contracts/Identity.Governance.yml), each transformed into the plain types of types.ts.
// Tolerant by design: unknown fields allowed, null treated as absent, enums compared
// case-insensitively (doc examples show `AdminAdd` and `adminAdd`), beta names
// (`requestState`/`requestStatus`, `assignmentState`/`assignmentStatus`) accepted as fallbacks.
// Only the fields the app uses are required.
import * as z from 'zod';
import {
  ALLOWED_TARGET_SCOPES,
  ASSIGNMENT_STATES,
  EXPIRATION_TYPES,
  REQUEST_STATES,
  REQUEST_TYPES,
  type AccessPackage,
  type AccessPackageWithPolicies,
  type Assignment,
  type AssignmentPolicy,
  type AssignmentRequest,
  type Catalog,
  type Open,
  type Ref,
  type Subject,
  type SubjectSet,
  type User,
} from './types';

/** Drops keys whose value is undefined, so results compare and serialize cleanly. */
function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** A string enum matched case-insensitively into Graph's casing; unknown values kept as sent. */
export function looseEnum<const T extends readonly string[]>(values: T) {
  const byLower = new Map(values.map((v) => [v.toLowerCase(), v]));
  return z.string().transform((v): Open<T[number]> => byLower.get(v.toLowerCase()) ?? v);
}

const text = z
  .string()
  .nullish()
  .transform((v) => v ?? undefined);
const flag = z
  .boolean()
  .nullish()
  .transform((v) => v ?? undefined);
const optional = <S extends z.ZodType>(schema: S) => schema.nullish().transform((v) => v ?? undefined);
const list = <S extends z.ZodType>(schema: S) =>
  z
    .array(schema)
    .nullish()
    .transform((v) => v ?? []);

/** Copies a beta-named field into the v1.0 name when only the beta one is present. */
function withFallbacks<S extends z.ZodType>(pairs: [v1: string, beta: string][], schema: S) {
  return z.preprocess((input) => {
    if (typeof input !== 'object' || input === null || Array.isArray(input)) return input;
    const copy: Record<string, unknown> = { ...input };
    for (const [v1, beta] of pairs) if (copy[v1] == null && copy[beta] != null) copy[v1] = copy[beta];
    return copy;
  }, schema);
}

export const RefSchema = z
  .looseObject({ id: z.string(), displayName: text })
  .transform((r): Ref => compact({ id: r.id, displayName: r.displayName }));

export const SubjectSetSchema = z
  .looseObject({ '@odata.type': z.string().optional() })
  .transform((s): SubjectSet => s);

export const ExpirationSchema = z
  .looseObject({ type: optional(looseEnum(EXPIRATION_TYPES)), duration: text, endDateTime: text })
  .transform((e) => compact({ type: e.type, duration: e.duration, endDateTime: e.endDateTime }));

export const ScheduleSchema = z
  .looseObject({ startDateTime: text, expiration: optional(ExpirationSchema) })
  .transform((s) => compact({ startDateTime: s.startDateTime, expiration: s.expiration }));

export const SubjectSchema = z
  .looseObject({
    id: text,
    objectId: text,
    email: text,
    principalName: text,
    displayName: text,
    subjectType: text,
  })
  .transform((s): Subject =>
    compact({
      id: s.id,
      objectId: s.objectId,
      email: s.email,
      principalName: s.principalName,
      displayName: s.displayName,
      subjectType: s.subjectType,
    }),
  );

const accessPackageFields = {
  id: z.string(),
  displayName: z.string(),
  description: text,
  catalog: optional(z.looseObject({ id: text })),
};

function toAccessPackage(p: z.infer<z.ZodObject<typeof accessPackageFields>>): AccessPackage {
  return compact({
    id: p.id,
    displayName: p.displayName,
    description: p.description,
    catalogId: p.catalog?.id,
  });
}

export const AccessPackageSchema = z.looseObject(accessPackageFields).transform(toAccessPackage);

const RequestorSettingsSchema = z
  .looseObject({
    enableTargetsToSelfAddAccess: flag,
    enableTargetsToSelfUpdateAccess: flag,
    enableTargetsToSelfRemoveAccess: flag,
    allowCustomAssignmentSchedule: flag,
    enableOnBehalfRequestorsToAddAccess: flag,
    enableOnBehalfRequestorsToUpdateAccess: flag,
    enableOnBehalfRequestorsToRemoveAccess: flag,
    onBehalfRequestors: list(SubjectSetSchema),
  })
  .transform(({ onBehalfRequestors, ...rest }) => ({
    ...compact({
      enableTargetsToSelfAddAccess: rest.enableTargetsToSelfAddAccess,
      enableTargetsToSelfUpdateAccess: rest.enableTargetsToSelfUpdateAccess,
      enableTargetsToSelfRemoveAccess: rest.enableTargetsToSelfRemoveAccess,
      allowCustomAssignmentSchedule: rest.allowCustomAssignmentSchedule,
      enableOnBehalfRequestorsToAddAccess: rest.enableOnBehalfRequestorsToAddAccess,
      enableOnBehalfRequestorsToUpdateAccess: rest.enableOnBehalfRequestorsToUpdateAccess,
      enableOnBehalfRequestorsToRemoveAccess: rest.enableOnBehalfRequestorsToRemoveAccess,
    }),
    onBehalfRequestors,
  }));

const RequestApprovalSettingsSchema = z
  .looseObject({
    isApprovalRequiredForAdd: flag,
    isApprovalRequiredForUpdate: flag,
    stages: list(z.unknown()),
  })
  .transform((s) => ({
    ...compact({
      isApprovalRequiredForAdd: s.isApprovalRequiredForAdd,
      isApprovalRequiredForUpdate: s.isApprovalRequiredForUpdate,
    }),
    stages: s.stages,
  }));

export const AssignmentPolicySchema = z
  .looseObject({
    id: z.string(),
    displayName: text,
    description: text,
    allowedTargetScope: optional(looseEnum(ALLOWED_TARGET_SCOPES)),
    specificAllowedTargets: list(SubjectSetSchema),
    expiration: optional(ExpirationSchema),
    requestorSettings: optional(RequestorSettingsSchema),
    requestApprovalSettings: optional(RequestApprovalSettingsSchema),
    catalog: optional(RefSchema),
    accessPackage: optional(z.looseObject({ id: text })),
  })
  .transform((p): AssignmentPolicy =>
    compact({
      id: p.id,
      displayName: p.displayName,
      description: p.description,
      allowedTargetScope: p.allowedTargetScope,
      specificAllowedTargets: p.specificAllowedTargets,
      expiration: p.expiration,
      requestorSettings: p.requestorSettings,
      requestApprovalSettings: p.requestApprovalSettings,
      catalog: p.catalog,
      accessPackageId: p.accessPackage?.id,
    }),
  );

export const AccessPackageWithPoliciesSchema = z
  .looseObject({ ...accessPackageFields, assignmentPolicies: list(AssignmentPolicySchema) })
  .transform((p): AccessPackageWithPolicies => ({
    ...toAccessPackage(p),
    assignmentPolicies: p.assignmentPolicies,
  }));

export const CatalogSchema = z
  .looseObject({
    id: z.string(),
    displayName: z.string(),
    description: text,
    state: text,
    catalogType: text,
    isExternallyVisible: flag,
  })
  .transform((c): Catalog =>
    compact({
      id: c.id,
      displayName: c.displayName,
      description: c.description,
      state: c.state,
      catalogType: c.catalogType,
      isExternallyVisible: c.isExternallyVisible,
    }),
  );

export const USER_SELECT = 'id,displayName,userPrincipalName,mail,otherMails,userType,accountEnabled';

export const UserSchema = z
  .looseObject({
    id: z.string(),
    displayName: text,
    userPrincipalName: text,
    mail: text,
    otherMails: list(z.string()),
    userType: text,
    accountEnabled: flag,
  })
  .transform((u): User =>
    compact({
      id: u.id,
      displayName: u.displayName,
      userPrincipalName: u.userPrincipalName,
      mail: u.mail,
      otherMails: u.otherMails,
      userType: u.userType,
      accountEnabled: u.accountEnabled,
    }),
  );

const CalloutInstanceSchema = z
  .looseObject({ id: text, customExtensionId: text, detail: text, externalCorrelationId: text, status: text })
  .transform((c) =>
    compact({
      id: c.id,
      customExtensionId: c.customExtensionId,
      detail: c.detail,
      externalCorrelationId: c.externalCorrelationId,
      status: c.status,
    }),
  );

const assignmentFields = {
  state: optional(looseEnum(ASSIGNMENT_STATES)),
  status: text,
  schedule: optional(ScheduleSchema),
  expiredDateTime: text,
  target: optional(SubjectSchema),
  targetId: text,
  accessPackage: optional(RefSchema),
  assignmentPolicy: optional(RefSchema),
};

const ASSIGNMENT_FALLBACKS: [string, string][] = [
  ['state', 'assignmentState'],
  ['status', 'assignmentStatus'],
];

export const AssignmentSchema = withFallbacks(
  ASSIGNMENT_FALLBACKS,
  z
    .looseObject({ id: z.string(), ...assignmentFields })
    .transform(({ id, ...a }): Assignment => compact({ id, ...pickAssignment(a) })),
);

/** The assignment inside a request: its id can be missing before Entra creates it. */
const RequestAssignmentSchema = withFallbacks(
  ASSIGNMENT_FALLBACKS,
  z
    .looseObject({ id: text, ...assignmentFields })
    .transform(({ id, ...a }) => compact({ id, ...pickAssignment(a) })),
);

function pickAssignment(a: z.infer<z.ZodObject<typeof assignmentFields>>): Omit<Assignment, 'id'> {
  return {
    state: a.state,
    status: a.status,
    schedule: a.schedule,
    expiredDateTime: a.expiredDateTime,
    target: a.target,
    targetId: a.targetId,
    accessPackage: a.accessPackage,
    assignmentPolicy: a.assignmentPolicy,
  };
}

export const AssignmentRequestSchema = withFallbacks(
  [
    ['state', 'requestState'],
    ['status', 'requestStatus'],
  ],
  z
    .looseObject({
      id: z.string(),
      requestType: optional(looseEnum(REQUEST_TYPES)),
      state: optional(looseEnum(REQUEST_STATES)),
      status: text,
      createdDateTime: text,
      completedDateTime: text,
      schedule: optional(ScheduleSchema),
      assignment: optional(RequestAssignmentSchema),
      accessPackage: optional(RefSchema),
      requestor: optional(SubjectSchema),
      customExtensionCalloutInstances: list(CalloutInstanceSchema),
    })
    .transform((r): AssignmentRequest =>
      compact({
        id: r.id,
        requestType: r.requestType,
        state: r.state,
        status: r.status,
        createdDateTime: r.createdDateTime,
        completedDateTime: r.completedDateTime,
        schedule: r.schedule,
        assignment: r.assignment,
        accessPackage: r.accessPackage,
        requestor: r.requestor,
        customExtensionCalloutInstances: r.customExtensionCalloutInstances,
      }),
    ),
);
