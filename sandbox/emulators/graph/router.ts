// The handler for each contract operation, keyed 'METHOD <path template>' exactly as the contract
// extract (plus the /users overlay) writes it. Anything else never reaches a handler: the server
// answers 400 for an unknown path and 405 for an undeclared method (server.ts).
import type { Handler } from './context';
import { getAccessPackage, listAccessPackages, listCatalogAccessPackages } from './handlers/access-packages';
import { getAssignmentPolicy } from './handlers/assignment-policies';
import {
  createAssignmentRequest,
  getAssignmentRequest,
  listAssignmentRequests,
} from './handlers/assignment-requests';
import { listAssignments } from './handlers/assignments';
import { listCatalogs } from './handlers/catalogs';
import { listDomains } from './handlers/domains';
import { resumeAssignmentRequest } from './handlers/resume';
import { getUser, listUsers } from './handlers/users';

const EM = '/identityGovernance/entitlementManagement';

export const ROUTES: Readonly<Record<string, Handler>> = {
  [`GET ${EM}/accessPackages`]: listAccessPackages,
  [`GET ${EM}/accessPackages/{accessPackage-id}`]: getAccessPackage,
  [`GET ${EM}/catalogs`]: listCatalogs,
  [`GET ${EM}/catalogs/{accessPackageCatalog-id}/accessPackages`]: listCatalogAccessPackages,
  [`GET ${EM}/assignmentRequests`]: listAssignmentRequests,
  [`POST ${EM}/assignmentRequests`]: createAssignmentRequest,
  [`GET ${EM}/assignmentRequests/{accessPackageAssignmentRequest-id}`]: getAssignmentRequest,
  [`POST ${EM}/assignmentRequests/{accessPackageAssignmentRequest-id}/microsoft.graph.resume`]:
    resumeAssignmentRequest,
  [`GET ${EM}/assignments`]: listAssignments,
  [`GET ${EM}/assignmentPolicies/{accessPackageAssignmentPolicy-id}`]: getAssignmentPolicy,
  // Identity.DirectoryManagement module (test/contracts/identity-directory-management.extract.json).
  'GET /domains': listDomains,
  'GET /users': listUsers,
  'GET /users/{user-id}': getUser,
};

export const routeKey = (method: string, pathTemplate: string): string =>
  `${method.toUpperCase()} ${pathTemplate}`;
