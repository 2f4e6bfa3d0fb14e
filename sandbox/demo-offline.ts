// Demo data for offline apps, on top of seedDemo: per tenant a relay Logic App (its template
// deployed with deploy/relay-logic-app.json, its managed identity entered in the configuration as
// on the admin page), Entra packages whose policies call the relay, a JSM request type for the
// tickets, and the offline-app routes:
//   Contoso  catalog "Offline apps" -> JSM request type "Offline app task" (approved: Low)
//            package "Door badges" (catalog General) -> Jira project HELP, issue type Task
//            anything else (e.g. "Sales & Marketing")  -> not routed: its callouts are refused
//   Fabrikam every package (default route) -> JSM request type "Offline app task"
import { loadConfig, saveConfig } from '../src/core/config-store';
import type { ConfigInput } from '../src/config/schema';
import type { World } from './world';
import { CONTOSO, FABRIKAM, MSP_APP, type Demo } from './demo-data';
import { stableGuid } from './emulators/shared/ids';
import { deployTemplate, loadRelayTemplate, type Deployment, type RelayIdentity } from './emulators/relay';

/** Where the sandbox pretends the Forge web trigger lives; the relay appends ?tenant=. */
export const DEMO_WEB_TRIGGER_URL = 'https://access-bridge.example.atlassian-dev.net/x1/demo-callout';

export interface OfflineTenant {
  tenantId: string;
  relay: RelayIdentity;
  deployment: Deployment;
  audience: string;
}

export interface DemoOffline {
  requestTypeId: string;
  contoso: OfflineTenant & {
    catalog: { id: string; displayName: string };
    packages: { erp: string; mainframe: string; badges: string };
    generalCatalogId: string;
  };
  fabrikam: OfflineTenant & { catalog: { id: string; displayName: string }; packages: { rnd: string } };
  routes: { contosoCatalog: string; contosoBadges: string; fabrikamDefault: string };
}

const extensionStages = [
  {
    stage: 'assignmentRequestApproved',
    customExtension: { id: stableGuid('ext:approved'), displayName: 'jsm-offline-provisioning' },
  },
  {
    stage: 'assignmentRequestRemoved',
    customExtension: { id: stableGuid('ext:removed'), displayName: 'jsm-offline-removal' },
  },
];

function deployRelay(
  tenantId: string,
  name: string,
  audience: string,
): { relay: RelayIdentity; deployment: Deployment } {
  const relay = {
    objectId: stableGuid(`relay-mi-oid:${tenantId}`),
    appId: stableGuid(`relay-mi-app:${tenantId}`),
  };
  const deployment = deployTemplate(
    loadRelayTemplate(),
    { webTriggerUrl: DEMO_WEB_TRIGGER_URL, audience, workflowName: `access-bridge-relay-${name}` },
    {
      subscriptionId: stableGuid(`subscription:${tenantId}`),
      resourceGroup: 'rg-access-bridge',
      tenantId,
      principalId: relay.objectId,
    },
  );
  return { relay, deployment };
}

export async function seedOffline(world: World, demo: Demo): Promise<DemoOffline> {
  const contosoGraph = world.graphGlobal.tenant(CONTOSO);
  const offlineCatalog = contosoGraph.addCatalog({ displayName: 'Offline apps' });
  const withExtension = [
    {
      displayName: 'Approved requests',
      allowedTargetScope: 'allMemberUsers' as const,
      customExtensionStageSettings: extensionStages,
    },
  ];
  const erp = contosoGraph.addAccessPackage({
    catalogId: offlineCatalog.id,
    displayName: 'Legacy ERP',
    policies: withExtension,
  }).id;
  const mainframe = contosoGraph.addAccessPackage({
    catalogId: offlineCatalog.id,
    displayName: "Mainframe (O'Neil's team)",
    policies: withExtension,
  }).id;
  const generalCatalogId = contosoGraph.packages.get(demo.packages.sales)!.catalogId;
  const badges = contosoGraph.addAccessPackage({
    catalogId: generalCatalogId,
    displayName: 'Door badges',
    policies: withExtension,
  }).id;

  const fabrikamGraph = world.graphCustom.tenant(FABRIKAM);
  const fabrikamCatalogId = fabrikamGraph.packages.get(demo.packages.fabrikamRnd)!.catalogId;
  const fabrikamCatalog = fabrikamGraph.catalogs.get(fabrikamCatalogId)!;

  const requestTypeId = world.jira.addRequestType(demo.serviceDeskId, {
    name: 'Offline app task',
    issueTypeId: '10003',
  }).id;

  // Two audience forms the admin page accepts: the app's client id, and an App ID URI.
  const contosoAudience = MSP_APP;
  const fabrikamAudience = 'api://access-bridge.example/callouts';
  const contosoRelay = deployRelay(CONTOSO, 'contoso', contosoAudience);
  const fabrikamRelay = deployRelay(FABRIKAM, 'fabrikam', fabrikamAudience);

  const config = await loadConfig(world.store);
  const input: ConfigInput = {
    ...config,
    tenants: config.tenants.map((t) =>
      t.tenantId === CONTOSO
        ? {
            ...t,
            relay: {
              objectId: contosoRelay.relay.objectId,
              appId: contosoRelay.relay.appId,
              audience: contosoAudience,
            },
          }
        : t.tenantId === FABRIKAM
          ? { ...t, relay: { objectId: fabrikamRelay.relay.objectId, audience: fabrikamAudience } }
          : t,
    ),
    offlineApps: [
      ...config.offlineApps,
      {
        id: 'contoso-offline-apps',
        tenantId: CONTOSO,
        catalogId: offlineCatalog.id,
        target: { kind: 'jsm', serviceDeskId: demo.serviceDeskId, requestTypeId },
        priorities: { approved: 'Low', removed: 'High', reminder: 'Lowest' },
        assigneeGroup: 'ERP admins',
      },
      {
        id: 'contoso-door-badges',
        tenantId: CONTOSO,
        accessPackageId: badges,
        target: { kind: 'jira', projectKey: 'HELP', issueTypeId: '10003' },
        assigneeGroup: 'Facilities',
        reminder: 'ticket',
      },
      {
        id: 'fabrikam-default',
        tenantId: FABRIKAM,
        target: { kind: 'jsm', serviceDeskId: demo.serviceDeskId, requestTypeId },
      },
    ],
  };
  await saveConfig(world.store, input);

  return {
    requestTypeId,
    contoso: {
      tenantId: CONTOSO,
      ...contosoRelay,
      audience: contosoAudience,
      catalog: { id: offlineCatalog.id, displayName: offlineCatalog.displayName },
      packages: { erp, mainframe, badges },
      generalCatalogId,
    },
    fabrikam: {
      tenantId: FABRIKAM,
      ...fabrikamRelay,
      audience: fabrikamAudience,
      catalog: { id: fabrikamCatalog.id, displayName: fabrikamCatalog.displayName },
      packages: { rnd: demo.packages.fabrikamRnd },
    },
    routes: {
      contosoCatalog: 'contoso-offline-apps',
      contosoBadges: 'contoso-door-badges',
      fabrikamDefault: 'fabrikam-default',
    },
  };
}
