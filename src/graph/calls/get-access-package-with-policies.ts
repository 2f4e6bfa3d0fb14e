// GET EM/accessPackages/{id}?$expand=assignmentPolicies,catalog: the package, every policy and
// its catalog (for the catalog allow-list) in one call; the policy is chosen in code
// (so one call serves both; see the page below). The page documents `$expand` of the package's
// relationships, `assignmentPolicies` by name.
// https://learn.microsoft.com/en-us/graph/api/accesspackage-get?view=graph-rest-1.0
import type { GraphClient } from '../client';
import { encodePathSegment, encodeQuery } from '../odata';
import { AccessPackageWithPoliciesSchema } from '../schemas';
import type { AccessPackageWithPolicies } from '../types';
import { EM } from './paths';

export async function getAccessPackageWithPolicies(
  graph: GraphClient,
  accessPackageId: string,
): Promise<AccessPackageWithPolicies> {
  const path = `${EM}/accessPackages/${encodePathSegment(accessPackageId)}${encodeQuery({ $expand: 'assignmentPolicies,catalog' })}`;
  const { data } = await graph.request({ method: 'GET', path, schema: AccessPackageWithPoliciesSchema });
  return data;
}
