// Error paths in words for the error summary: "Tenant Contoso, Tenant id".
import type { Config } from '../../../src/config/schema';

const LABELS: Record<string, string> = {
  id: 'Id',
  displayName: 'Display name',
  clientId: 'Application (client) id',
  kind: 'Kind',
  tenantId: 'Tenant id',
  cloud: 'Cloud',
  graphBaseUrl: 'Graph URL',
  loginBaseUrl: 'Login URL',
  credentialId: 'Credential',
  organizations: 'JSM organizations',
  requestable: 'Requestable packages',
  relay: 'Relay identity',
  objectId: 'Object id',
  appId: 'Application id',
  audience: 'Audience',
  requestTypeId: 'Request type',
  serviceDeskId: 'Service desk',
  action: 'Action',
  packageFieldId: 'Package field',
  justificationFieldId: 'Justification field',
  endDateFieldId: 'End date field',
  approval: 'Approval',
  approvedStatus: 'Approved status',
  doneTransition: 'Done transition',
  accessPackageId: 'Access package id',
  catalogId: 'Catalog id',
  target: 'Target',
  projectKey: 'Project key',
  issueTypeId: 'Issue type id',
  priorities: 'Priorities',
  assigneeGroup: 'Assignee group',
  reminder: 'Reminders',
  declinedResolutions: 'Declined resolutions',
};

export function describePath(path: string, draft: Config): string {
  const [section, index, ...rest] = path.split('.');
  const i = Number(index);
  const field = rest
    .filter((p) => !/^\d+$/.test(p))
    .map((p) => LABELS[p] ?? p)
    .join(', ');
  const join = (what: string) => (field ? `${what}, ${field}` : what);
  switch (section) {
    case 'credentials':
      return join(`Credential ${draft.credentials[i]?.displayName || i + 1}`);
    case 'tenants':
      return join(`Tenant ${draft.tenants[i]?.displayName || i + 1}`);
    case 'requestTypes':
      return join(`Request type ${draft.requestTypes[i]?.name || i + 1}`);
    case 'offlineApps':
      return join(`Offline route ${draft.offlineApps[i]?.id || i + 1}`);
    case 'settings':
      return `Settings, ${index ?? ''}`;
    default:
      return path || 'Configuration';
  }
}
