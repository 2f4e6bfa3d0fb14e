// The admin page's operations: the Forge resolver (src/forge/resolvers/admin-resolver.ts) and the
// sandbox's stand-in bridge (sandbox/ui-server.ts) both define one entry per key here, so the
// page calls the same code on Forge and on a laptop. Keys are @forge/bridge `invoke` keys.
import type { OperationsRegistry } from '../operation';
import type { AdminDeps } from './deps';
import { getConfiguration } from './get-configuration';
import { saveConfiguration } from './save-configuration';
import { setCredentialSecret } from './set-credential-secret';
import { deleteCredentialSecret } from './delete-credential-secret';
import { testConnection } from './test-connection';
import { listTenantCatalog } from './list-tenant-catalog';
import { listJiraOrganizations } from './list-jira-organizations';
import { listServiceDesks } from './list-service-desks';
import { listRequestTypes } from './list-request-types';
import { listFields } from './list-fields';
import { listPriorities } from './list-priorities';
import { listAuditTrail } from './list-audit-trail';
import { exportConfiguration } from './export-configuration';
import { importConfiguration } from './import-configuration';
import { getWebTriggerUrl } from './get-web-trigger-url';
import { importDomains } from './import-domains';

export const adminOperations = {
  getConfiguration,
  saveConfiguration,
  setCredentialSecret,
  deleteCredentialSecret,
  testConnection,
  listTenantCatalog,
  listJiraOrganizations,
  listServiceDesks,
  listRequestTypes,
  listFields,
  listPriorities,
  listAudit: listAuditTrail,
  exportConfiguration,
  importConfiguration,
  getWebTriggerUrl,
  importDomains,
} satisfies OperationsRegistry<AdminDeps>;

export type AdminOperations = typeof adminOperations;
export type { AdminDeps } from './deps';
