// The callout bodies Entra entitlement management sends to a custom extension's Logic App, one
// builder per stage, shaped as graph-entitlement.md 5.4 describes them: a flat object with
// PascalCase keys, no wrapper (no wire capture is published; the keys follow the Logic App
// trigger schema of Microsoft's and vendors' templates, the values are invented).

export type CalloutStage =
  | 'assignmentRequestCreated'
  | 'assignmentRequestApproved'
  | 'assignmentRequestGranted'
  | 'assignmentRequestRemoved'
  | 'assignmentFourteenDaysBeforeExpiration'
  | 'assignmentOneDayBeforeExpiration';

export interface Named {
  id: string;
  displayName: string;
}

export interface CalloutInput {
  stage: CalloutStage;
  requestId: string;
  stageInstanceId: string;
  accessPackage: Named;
  catalog: Named;
  policy: Named;
  assignmentId: string;
  target: { objectId: string; displayName: string; principalName?: string };
  requestor?: { objectId: string; displayName: string };
  requestType?: 'UserAdd' | 'UserRemove' | 'AdminAdd' | 'AdminRemove' | 'SystemRemove';
  /** Graph-shaped answers (accessPackageAnswerString: answeredQuestion.text + value). */
  answers?: { question: string; answer: string }[];
  justification?: string;
  /** ISO 8601; null: a launch-and-continue extension (no callback configuration). Default P14D. */
  timeout?: string | null;
}

const STATE: Record<CalloutStage, string> = {
  assignmentRequestCreated: 'Submitted',
  assignmentRequestApproved: 'Approved',
  assignmentRequestGranted: 'Delivered',
  assignmentRequestRemoved: 'Delivered',
  assignmentFourteenDaysBeforeExpiration: 'Delivered',
  assignmentOneDayBeforeExpiration: 'Delivered',
};

/** The body Entra posts for one stage instance of one request. */
export function entraCallout(input: CalloutInput): Record<string, unknown> {
  const waits = input.timeout !== null;
  return {
    AccessPackageAssignmentRequestId: input.requestId,
    ...(waits
      ? {
          CallbackUriPath: `/identityGovernance/entitlementManagement/accessPackageAssignmentRequests/${input.requestId}/resume`,
        }
      : {}),
    CustomExtensionStageInstanceId: input.stageInstanceId,
    Stage: input.stage,
    RequestType:
      input.requestType ?? (input.stage === 'assignmentRequestRemoved' ? 'AdminRemove' : 'UserAdd'),
    State: STATE[input.stage],
    Status: input.stage === 'assignmentRequestApproved' ? 'PendingCustomExtension' : 'Delivered',
    Answers: (input.answers ?? []).map((a) => ({
      '@odata.type': '#microsoft.graph.accessPackageAnswerString',
      Value: a.answer,
      DisplayValue: a.answer,
      AnsweredQuestion: { Id: `q-${a.question.length}`, Text: a.question },
    })),
    ...(input.justification !== undefined ? { Justification: input.justification } : {}),
    CallbackConfiguration: waits ? { DurationBeforeTimeout: input.timeout ?? 'P14D' } : null,
    AccessPackage: {
      Id: input.accessPackage.id,
      DisplayName: input.accessPackage.displayName,
      Description: '',
    },
    AccessPackageCatalog: { Id: input.catalog.id, DisplayName: input.catalog.displayName, Description: '' },
    Assignment: {
      Id: input.assignmentId,
      State: STATE[input.stage],
      Status: STATE[input.stage],
      Target: {
        Id: input.target.objectId,
        ObjectId: input.target.objectId,
        DisplayName: input.target.displayName,
        ...(input.target.principalName ? { PrincipalName: input.target.principalName } : {}),
        ConnectedOrganization: null,
      },
      AssignmentPolicy: { Id: input.policy.id, DisplayName: input.policy.displayName },
    },
    Requestor: input.requestor
      ? {
          Id: input.requestor.objectId,
          ObjectId: input.requestor.objectId,
          DisplayName: input.requestor.displayName,
        }
      : null,
  };
}

/** What Entra sends when an admin creates or tests the custom extension. */
export function connectionTestCallout(): Record<string, unknown> {
  return {
    Stage: 'CustomExtensionConnectionTest',
    CustomExtensionStageInstanceId: '00000000-0000-0000-0000-000000000000',
    AccessPackageAssignmentRequestId: '00000000-0000-0000-0000-000000000000',
  };
}

/** The 2022 preview form of the connection test (graph-entitlement.md 5.4). */
export function legacyConnectionTestCallout(): Record<string, unknown> {
  return {
    Event: 'CustomActionConnectionTest',
    AccessPackageId: 'test-package',
    AccessPackageName: 'Test access package',
    CatalogId: 'test-catalog',
    UserId: 'test-user',
    UserEmail: 'test@example.com',
    Roles: [],
  };
}
