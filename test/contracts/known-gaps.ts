// The contract's known gaps, declared explicitly instead of switching validation off
// (../shared/contracts/README.md, "What it covers / caveats"; test/contracts/README.md). Each entry
// says what is missing from Microsoft's Identity.Governance.yml and what the emulator and the
// validator accept in its place. Merged into the Graph extract by createContractValidator.

type Schema = Record<string, unknown>;

const nullableString: Schema = { type: 'string', nullable: true };
const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
const odataType = (name: string): Schema => ({
  // Graph writes the annotation with a leading '#'; request examples in the docs omit it.
  type: 'string',
  pattern: `^#?microsoft\\.graph\\.${name}$`,
});

export const KNOWN_GAPS = {
  /**
   * (a) Write-only request properties. POST assignmentRequests takes assignment.targetId,
   * assignmentPolicyId and accessPackageId (and target.email for a user not yet in the directory)
   * and the docs' examples send a top-level justification; none is declared on the schemas
   * (contracts/README.md: "pass only because the schema allows additionalProperties"). Declared
   * here so their types are checked. Each is appended as one more allOf branch of the schema.
   */
  schemaExtensions: {
    'microsoft.graph.accessPackageAssignment': {
      type: 'object',
      properties: {
        targetId: nullableString,
        assignmentPolicyId: nullableString,
        accessPackageId: nullableString,
      },
    },
    'microsoft.graph.accessPackageAssignmentRequest': {
      type: 'object',
      properties: { justification: nullableString },
    },
  } as Record<string, Schema>,

  /**
   * (b) Derived types the PowerShell module split drops (contracts/README.md, "NOT present").
   * Shapes from learn.microsoft.com/graph/api/resources/<type>; bound to their open base type
   * through `@odata.type` by `derivedTypes` below.
   */
  schemas: {
    // Derived types list only their own properties: the base types are open and declare none,
    // and the validator reaches them from the base through `derivedTypes` (no cycle back).
    'microsoft.graph.accessPackageAssignmentRequestCallbackData': {
      type: 'object',
      required: ['@odata.type'],
      properties: {
        '@odata.type': odataType('accessPackageAssignmentRequestCallbackData'),
        customExtensionStageInstanceDetail: nullableString,
        customExtensionStageInstanceId: nullableString,
        stage: ref('microsoft.graph.accessPackageCustomExtensionStage'),
        // "denied" or "canceled" to stop the request (graph-entitlement.md 5.6).
        state: nullableString,
      },
    },
    'microsoft.graph.singleUser': {
      type: 'object',
      properties: {
        '@odata.type': odataType('singleUser'),
        description: nullableString,
        userId: nullableString,
      },
    },
    'microsoft.graph.groupMembers': {
      type: 'object',
      properties: {
        '@odata.type': odataType('groupMembers'),
        description: nullableString,
        groupId: nullableString,
      },
    },
    'microsoft.graph.userCollectionResponse': {
      type: 'object',
      properties: {
        value: { type: 'array', items: ref('microsoft.graph.user') },
        '@odata.nextLink': nullableString,
        '@odata.count': { type: 'integer', nullable: true },
      },
    },
  } as Record<string, Schema>,

  /** Open base type -> derived types selected by `@odata.type` (pattern matched without '#'). */
  derivedTypes: {
    'microsoft.graph.customExtensionData': ['accessPackageAssignmentRequestCallbackData'],
    'microsoft.graph.subjectSet': ['singleUser', 'groupMembers'],
  } as Record<string, string[]>,

  /**
   * (c) Users are not in Identity.Governance.yml: they are in Microsoft's Users.yml module
   * (msgraph-sdk-powershell openApiDocs/v1.0/Users.yml), which ../shared does not ship. This is
   * the subset the emulator serves, written the way that module writes its operations
   * (same parameter set, microsoft.graph.user, ODataErrors). Replace it with an extract of
   * Users.yml when that file is available.
   */
  paths: {
    '/users': {
      get: {
        operationId: 'users.user.ListUser',
        'x-known-gap': 'Users.yml module (not shipped); see test/contracts/known-gaps.ts',
        parameters: [
          { $ref: '#/components/parameters/top' },
          { $ref: '#/components/parameters/skip' },
          { $ref: '#/components/parameters/search' },
          { $ref: '#/components/parameters/filter' },
          { $ref: '#/components/parameters/count' },
          csvQuery('$orderby'),
          csvQuery('$select'),
          csvQuery('$expand'),
          { name: 'ConsistencyLevel', in: 'header', schema: { type: 'string' } },
        ],
        responses: {
          '2XX': {
            content: { 'application/json': { schema: ref('microsoft.graph.userCollectionResponse') } },
          },
          default: { $ref: '#/components/responses/error' },
        },
        'x-ms-pageable': { nextLinkName: '@odata.nextLink', operationName: 'listMore' },
      },
    },
    '/users/{user-id}': {
      get: {
        operationId: 'users.user.GetUser',
        'x-known-gap': 'Users.yml module (not shipped); see test/contracts/known-gaps.ts',
        parameters: [
          // An object id or a userPrincipalName (learn.microsoft.com/graph/api/user-get).
          { name: 'user-id', in: 'path', required: true, schema: { type: 'string' } },
          csvQuery('$select'),
          csvQuery('$expand'),
          { name: 'ConsistencyLevel', in: 'header', schema: { type: 'string' } },
        ],
        responses: {
          '2XX': { content: { 'application/json': { schema: ref('microsoft.graph.user') } } },
          default: { $ref: '#/components/responses/error' },
        },
      },
    },
  } as Record<string, Record<string, Schema>>,

  /**
   * (d) Server-driven paging: `@odata.nextLink` carries a `$skiptoken` the OpenAPI does not list
   * (clients follow the link verbatim, graph-entitlement.md section 4). Accepted on every
   * operation marked `x-ms-pageable`.
   */
  pageableQuery: [{ name: '$skiptoken', in: 'query', schema: { type: 'string' } }] as Schema[],

  /**
   * (e) The docs call bound actions without the namespace (`.../{id}/resume`); the OpenAPI path is
   * `.../{id}/microsoft.graph.resume`. OData allows both; the matcher treats them as one operation.
   */
  actionNamespace: 'microsoft.graph.',
};

function csvQuery(name: string): Schema {
  return {
    name,
    in: 'query',
    style: 'form',
    explode: false,
    schema: { uniqueItems: true, type: 'array', items: { type: 'string' } },
  };
}
