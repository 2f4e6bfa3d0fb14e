// A user's assignments to one package, expired ones included (check `state`). A catalog-scoped
// caller must filter on accessPackage/id (graph-entitlement.md section 1.6).
// `$expand=target` with `target/objectid` in `$filter` is the page's own example.
// https://learn.microsoft.com/en-us/graph/api/entitlementmanagement-list-assignments?view=graph-rest-1.0
import type { GraphClient } from '../client';
import { encodeQuery, odataLiteral } from '../odata';
import { AssignmentSchema } from '../schemas';
import type { Assignment } from '../types';
import { EM, sameId } from './paths';

export async function listAssignments(
  graph: GraphClient,
  options: { accessPackageId: string; userId: string },
): Promise<Assignment[]> {
  const { accessPackageId, userId } = options;
  const query = encodeQuery({
    $expand: 'target',
    $filter: `accessPackage/id eq ${odataLiteral(accessPackageId)} and target/objectId eq ${odataLiteral(userId)}`,
  });
  const assignments = await graph.getAllPages(`${EM}/assignments${query}`, AssignmentSchema);
  // Defensive: should a filter be ignored, a stranger's assignment must never read as the user's.
  return assignments.filter(
    (a) =>
      (a.accessPackage === undefined || sameId(a.accessPackage.id, accessPackageId)) &&
      (a.target?.objectId === undefined || sameId(a.target.objectId, userId)),
  );
}
