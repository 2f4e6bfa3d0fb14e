// Which `$expand` each operation's page on learn.microsoft.com documents. Graph may accept more
// (the OpenAPI lists `$expand` as free text), but what the docs do not name can change without
// notice, so by default the emulator answers 400 to it and the app has to keep to the documented
// forms; the `undocumentedExpand: 'accept'` setting serves it like any navigation instead. The app
// must be right under both.
import { badRequest } from './errors';
import type { ExpandItem } from './odata-query';

/** Navigation names allowed at one level; each maps to what may be expanded inside it. */
export type ExpandRule = 'any' | { readonly [navigation: string]: ExpandRule | 'none' };

export type UndocumentedExpand = 'reject' | 'accept';

const EM = '/identityGovernance/entitlementManagement';

/**
 * Keyed like router.ts ROUTES. An operation not listed documents no `$expand`.
 * - accessPackages (list): `$select` and `$filter`; the one `$expand` example names the policies
 *   (`accessPackageAssignmentPolicies`, the beta name; `assignmentPolicies` in v1.0).
 *   https://learn.microsoft.com/en-us/graph/api/entitlementmanagement-list-accesspackages?view=graph-rest-1.0
 *   Listing a catalog's packages has no page of its own: the same rule.
 * - accessPackages/{id}: "`$expand` to retrieve relationships", nested examples included.
 *   https://learn.microsoft.com/en-us/graph/api/accesspackage-get?view=graph-rest-1.0
 * - assignmentRequests (list): accessPackage, assignment, requestor; nothing nested.
 *   https://learn.microsoft.com/en-us/graph/api/entitlementmanagement-list-assignmentrequests?view=graph-rest-1.0
 * - assignmentRequests/{id}: accessPackage, requestor, assignment, and `assignment($expand=target)`.
 *   https://learn.microsoft.com/en-us/graph/api/accesspackageassignmentrequest-get?view=graph-rest-1.0
 * - assignments (list): target, accessPackage.
 *   https://learn.microsoft.com/en-us/graph/api/entitlementmanagement-list-assignments?view=graph-rest-1.0
 * - assignmentPolicies/{id}: `customExtensionStageSettings($expand=customExtension)` and the
 *   policy's relationships.
 *   https://learn.microsoft.com/en-us/graph/api/accesspackageassignmentpolicy-get?view=graph-rest-1.0
 * - users: relationships (`$expand=manager` and the like).
 *   https://learn.microsoft.com/en-us/graph/api/user-list?view=graph-rest-1.0
 */
export const DOCUMENTED_EXPAND: Readonly<Record<string, ExpandRule>> = {
  [`GET ${EM}/accessPackages`]: { assignmentPolicies: 'none' },
  [`GET ${EM}/catalogs/{accessPackageCatalog-id}/accessPackages`]: { assignmentPolicies: 'none' },
  [`GET ${EM}/accessPackages/{accessPackage-id}`]: 'any',
  [`GET ${EM}/assignmentRequests`]: { accessPackage: 'none', assignment: 'none', requestor: 'none' },
  [`GET ${EM}/assignmentRequests/{accessPackageAssignmentRequest-id}`]: {
    accessPackage: 'none',
    requestor: 'none',
    assignment: { target: 'none' },
  },
  [`GET ${EM}/assignments`]: { target: 'none', accessPackage: 'none' },
  [`GET ${EM}/assignmentPolicies/{accessPackageAssignmentPolicy-id}`]: 'any',
  'GET /users': 'any',
  'GET /users/{user-id}': 'any',
};

/** Throws Graph's 400 for the first `$expand` item the operation's page does not document. */
export function checkDocumentedExpand(route: string, items: ExpandItem[]): void {
  const problem = firstUndocumented(DOCUMENTED_EXPAND[route], items, []);
  if (problem)
    throw badRequest(
      `Parsing OData Select and Expand failed: '$expand=${problem}' is not documented for this operation.`,
    );
}

function firstUndocumented(
  rule: ExpandRule | 'none' | undefined,
  items: ExpandItem[],
  at: string[],
): string | undefined {
  if (rule === 'any') return undefined;
  for (const item of items) {
    const allowed =
      rule === undefined || rule === 'none'
        ? undefined
        : Object.entries(rule).find(([name]) => name.toLowerCase() === item.name.toLowerCase());
    if (!allowed) return [...at, item.name].join('($expand=') + ')'.repeat(at.length);
    const nested = firstUndocumented(allowed[1], item.expand, [...at, item.name]);
    if (nested) return nested;
  }
  return undefined;
}
