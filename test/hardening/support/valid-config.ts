// A configuration that uses every part of the schema: both credential kinds, a global and a custom
// cloud tenant, a relay, an allow-list with a policy choice, an approval gate, both offline-app
// targets and the settings. The property tests mutate it.
import type { ConfigInput } from '../../../src/config/schema';

const T1 = '11111111-1111-4111-8111-111111111111';
const T2 = '22222222-2222-4222-8222-222222222222';

export const VALID_CONFIG: ConfigInput = {
  version: 1,
  credentials: [
    {
      id: 'msp-app',
      displayName: 'MSP app',
      clientId: '0a0a0a0a-0000-4000-8000-00000000a99c',
      kind: 'secret',
      secretSetAt: '2026-11-28T00:00:00.000Z',
    },
    {
      id: 'fabrikam-cert',
      displayName: 'Fabrikam certificate',
      clientId: '0b0b0b0b-0000-4000-8000-00000000b99c',
      kind: 'certificate',
      certificateThumbprint: 'A'.repeat(40),
    },
  ],
  tenants: [
    {
      tenantId: T1,
      displayName: 'Contoso',
      cloud: 'global',
      credentialId: 'msp-app',
      organizations: [{ id: '1', name: 'Contoso' }],
      requestable: {
        accessPackageIds: ['33333333-3333-4333-8333-333333333333'],
        catalogIds: ['44444444-4444-4444-8444-444444444444'],
      },
      policyByPackage: { '33333333-3333-4333-8333-333333333333': '55555555-5555-4555-8555-555555555555' },
      relay: {
        objectId: '66666666-6666-4666-8666-666666666666',
        appId: '77777777-7777-4777-8777-777777777777',
        audience: 'api://access-bridge',
      },
    },
    {
      tenantId: T2,
      displayName: 'Fabrikam',
      cloud: 'custom',
      graphBaseUrl: 'https://graph.fabrikam.example',
      loginBaseUrl: 'http://127.0.0.1:8443',
      credentialId: 'fabrikam-cert',
      organizations: [{ id: '2', name: 'Fabrikam' }],
    },
  ],
  requestTypes: [
    {
      requestTypeId: '10',
      serviceDeskId: '1',
      projectId: '10000',
      issueTypeId: '10003',
      name: 'Grant',
      action: 'grant',
      packageFieldId: 'customfield_10050',
      justificationFieldId: 'customfield_10051',
      endDateFieldId: 'customfield_10052',
      doneTransition: 'Resolve this issue',
    },
    {
      requestTypeId: '11',
      serviceDeskId: '1',
      projectId: '10000',
      issueTypeId: '10003',
      name: 'Sensitive',
      action: 'grant',
      approval: { required: true, approvedStatus: 'In progress' },
    },
  ],
  offlineApps: [
    {
      id: 'contoso-offline',
      tenantId: T1,
      catalogId: '44444444-4444-4444-8444-444444444444',
      target: { kind: 'jsm', serviceDeskId: '1', requestTypeId: '12' },
      priorities: { approved: 'Low', removed: 'High', reminder: 'Lowest' },
      assigneeGroup: 'ERP admins',
      reminder: 'ticket',
    },
    {
      id: 'fabrikam-default',
      tenantId: T2,
      target: { kind: 'jira', projectKey: 'HELP', issueTypeId: '10003' },
    },
  ],
  settings: {
    lookupCacheSeconds: 300,
    followUpGiveUpHours: 72,
    offlineWarnDaysBeforeTimeout: 3,
    auditLimit: 1000,
  },
};
