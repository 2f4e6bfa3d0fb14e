// Demo data for the sandbox: two customer tenants (Contoso on the global cloud, routed to the
// emulator; Fabrikam on a `custom` cloud), their JSM organizations and customers, packages with
// awkward names, users whose mail is not their UPN, a guest (#EXT#), a UPN starting with `$`,
// a package that waits for JSM approval (marked on the allow-list) and a request type whose
// workflow asks an approver. The configuration is the real schema.
import { saveConfig } from '../src/core/config-store';
import { credentialSecretKey } from '../src/config/secret-keys';
import type { Config, ConfigInput } from '../src/config/schema';
import type { World } from './world';

export const CONTOSO = '11111111-1111-4111-8111-111111111111';
export const FABRIKAM = '22222222-2222-4222-8222-222222222222';
export const MSP_APP = '0a0a0a0a-0000-4000-8000-00000000a99c';
export const MSP_SECRET = 'demo-only-client-secret~not-a-real-one';
// Domain.Read.All is optional: it lets the admin page import a tenant's verified domains.
export const ROLES = ['EntitlementManagement.ReadWrite.All', 'User.Read.All', 'Domain.Read.All'];
const ISSUE_TYPE = '10003';

export interface DemoCustomer {
  accountId: string;
  email: string;
  displayName: string;
}

export interface Demo {
  config: Config;
  serviceDeskId: string;
  requestTypes: { grant: string; remove: string; approval: string };
  /** The agent JSM asks to approve requests of the approval request type. */
  approver: string;
  fields: { package: string; justification: string; endDate: string };
  orgs: { contoso: string; fabrikam: string; northwind: string };
  customers: Record<
    'adele' | 'megan' | 'guest' | 'dollar' | 'ines' | 'nora' | 'ghost' | 'both' | 'holder',
    DemoCustomer
  >;
  packages: {
    sales: string;
    obrien: string;
    rnd: string;
    finance: string;
    ventes: string;
    payroll: string;
    sharedGeneral: string;
    sharedPartners: string;
    fabrikamRnd: string;
    noPolicy: string;
  };
  users: Record<string, string>;
}

export async function seedDemo(world: World): Promise<Demo> {
  const { jira } = world;
  world.login.addTenant(CONTOSO);
  world.login.addTenant(FABRIKAM);
  world.login.registerApp(CONTOSO, { clientId: MSP_APP, secret: MSP_SECRET, roles: ROLES });
  world.login.registerApp(FABRIKAM, { clientId: MSP_APP, secret: MSP_SECRET, roles: ROLES });

  // Contoso (global cloud).
  const contoso = world.graphGlobal.tenant(CONTOSO);
  contoso.addDomain({ id: 'contoso.onmicrosoft.com', isInitial: true });
  contoso.addDomain({ id: 'contoso.com', isDefault: true });
  contoso.addDomain({ id: 'contoso-pending.com', isVerified: false });
  const general = contoso.addCatalog({ displayName: 'General' });
  const partners = contoso.addCatalog({ displayName: 'Partners' });
  const restricted = contoso.addCatalog({ displayName: 'Restricted' });
  const year = {
    expiration: { type: 'afterDuration' as const, duration: 'P365D' },
    requestorSettings: { allowCustomAssignmentSchedule: true },
  };
  const pkg = (catalogId: string, displayName: string, extra: Record<string, unknown> = {}) =>
    contoso.addAccessPackage({
      catalogId,
      displayName,
      policies: [{ displayName: 'Admin direct assignment', allowedTargetScope: 'notSpecified', ...year }],
      ...extra,
    }).id;
  const sales = pkg(general.id, 'Sales & Marketing');
  const obrien = pkg(general.id, "O'Brien's Team");
  const rnd = pkg(general.id, 'R+D Lab');
  const finance = pkg(general.id, 'Finance #1');
  const ventes = pkg(general.id, 'Ventes – Équipe');
  const payroll = pkg(restricted.id, 'Payroll Admin');
  const sharedGeneral = pkg(general.id, 'Shared Drive');
  const sharedPartners = pkg(partners.id, 'Shared Drive');
  const noPolicy = contoso.addAccessPackage({
    catalogId: general.id,
    displayName: 'Members Only',
    policies: [
      { displayName: 'Members A', allowedTargetScope: 'allMemberUsers' },
      { displayName: 'Members B', allowedTargetScope: 'allMemberUsers' },
    ],
  }).id;

  const users: Record<string, string> = {
    adele: contoso.addUser({
      displayName: 'Adele Vance',
      userPrincipalName: 'adele@contoso.com',
      mail: 'adele@contoso.com',
    }).id,
    // Mail is not the UPN: `/users/{email}` misses her.
    megan: contoso.addUser({
      displayName: 'Megan Bowen',
      userPrincipalName: 'megan.bowen@contoso.onmicrosoft.com',
      mail: 'megan@contoso.com',
    }).id,
    guest: contoso.addUser({
      displayName: 'Grace Guest',
      userPrincipalName: 'grace_partner.example#EXT#@contoso.onmicrosoft.com',
      mail: 'grace@partner.example',
      userType: 'Guest',
    }).id,
    dollar: contoso.addUser({ displayName: 'Lee Service', userPrincipalName: '$lee@contoso.com', mail: null })
      .id,
    holder: contoso.addUser({
      displayName: 'Hana Holder',
      userPrincipalName: 'hana@contoso.com',
      mail: 'hana@contoso.com',
    }).id,
    both: contoso.addUser({
      displayName: 'Bo Both',
      userPrincipalName: 'bo@contoso.com',
      mail: 'bo@contoso.com',
    }).id,
  };
  contoso.addAssignment({ accessPackageId: sales, userId: users.holder! });

  // Fabrikam (custom cloud).
  const fabrikam = world.graphCustom.tenant(FABRIKAM);
  fabrikam.addDomain({ id: 'fabrikam.onmicrosoft.com', isInitial: true });
  fabrikam.addDomain({ id: 'fabrikam.com', isDefault: true });
  const apps = fabrikam.addCatalog({ displayName: 'Apps' });
  const fabrikamRnd = fabrikam.addAccessPackage({
    catalogId: apps.id,
    displayName: 'R+D Lab',
    policies: [{ displayName: 'Direct', allowedTargetScope: 'allDirectoryUsers' }],
  }).id;
  users.ines = fabrikam.addUser({
    displayName: 'Inès Fabre',
    userPrincipalName: 'ines.f@fabrikam.onmicrosoft.com',
    mail: null,
    otherMails: ['ines@fabrikam.com'],
  }).id;

  // Jira Service Management.
  const desk = jira.addServiceDesk({ projectKey: 'HELP', projectName: 'IT Help' });
  const grant = jira.addRequestType(desk.id, {
    name: 'Request an access package',
    issueTypeId: ISSUE_TYPE,
  }).id;
  const remove = jira.addRequestType(desk.id, { name: 'Remove my access', issueTypeId: ISSUE_TYPE }).id;
  // JSM asks the approver named on the request type's approval step (here one agent).
  const approver = jira.addAgent({
    email: 'ada.approver@msp.example',
    displayName: 'Ada Approver',
  }).accountId;
  const approval = jira.addRequestType(desk.id, {
    name: 'Request sensitive access',
    issueTypeId: ISSUE_TYPE,
    approval: true,
    approverIds: [approver],
  }).id;
  const fields = {
    package: jira.addCustomField({ name: 'Access package', type: 'string' }),
    justification: jira.addCustomField({ name: 'Business justification', type: 'string' }),
    endDate: jira.addCustomField({ name: 'Access end date', type: 'date' }),
  };
  const orgs = {
    contoso: jira.addOrganization('Contoso').id,
    fabrikam: jira.addOrganization('Fabrikam').id,
    northwind: jira.addOrganization('Northwind').id,
  };
  const customer = (email: string, displayName: string, organizationIds: string[]): DemoCustomer => ({
    accountId: jira.addCustomer({ email, displayName, organizationIds }).accountId,
    email,
    displayName,
  });
  const customers = {
    adele: customer('adele@contoso.com', 'Adele Vance', [orgs.contoso]),
    megan: customer('megan@contoso.com', 'Megan Bowen', [orgs.contoso]),
    guest: customer('grace@partner.example', 'Grace Guest', [orgs.contoso]),
    dollar: customer('$lee@contoso.com', 'Lee Service', [orgs.contoso]),
    ines: customer('ines@fabrikam.com', 'Inès Fabre', [orgs.fabrikam]),
    nora: customer('nora@northwind.test', 'Nora North', [orgs.northwind]),
    ghost: customer('ghost@contoso.com', 'Gus Ghost', [orgs.contoso]),
    both: customer('bo@contoso.com', 'Bo Both', [orgs.contoso, orgs.fabrikam]),
    holder: customer('hana@contoso.com', 'Hana Holder', [orgs.contoso]),
  };

  const input: ConfigInput = {
    credentials: [
      {
        id: 'msp-app',
        displayName: 'MSP multi-tenant app',
        clientId: MSP_APP,
        kind: 'secret',
        secretSetAt: new Date(world.clock.now()).toISOString(),
      },
    ],
    tenants: [
      {
        tenantId: CONTOSO,
        displayName: 'Contoso',
        cloud: 'global',
        credentialId: 'msp-app',
        organizations: [{ id: orgs.contoso, name: 'Contoso' }],
        // The MSP fallback when the site will not say who is in which organization (issue 10).
        domains: ['contoso.com'],
        // Finance #1 waits for JSM approval whatever request type carries it.
        requestable: {
          accessPackageIds: [],
          catalogIds: [general.id, partners.id],
          items: { [finance]: { jsmApproval: true } },
        },
      },
      {
        tenantId: FABRIKAM,
        displayName: 'Fabrikam',
        cloud: 'custom',
        graphBaseUrl: world.graphCustom.url,
        loginBaseUrl: world.login.url,
        credentialId: 'msp-app',
        organizations: [{ id: orgs.fabrikam, name: 'Fabrikam' }],
        domains: ['fabrikam.com'],
        requestable: { accessPackageIds: [fabrikamRnd], catalogIds: [] },
      },
    ],
    requestTypes: [
      {
        requestTypeId: grant,
        serviceDeskId: desk.id,
        projectId: desk.projectId,
        issueTypeId: ISSUE_TYPE,
        name: 'Request an access package',
        action: 'grant',
        packageFieldId: fields.package,
        justificationFieldId: fields.justification,
        endDateFieldId: fields.endDate,
        doneTransition: 'Resolve this issue',
      },
      {
        requestTypeId: remove,
        serviceDeskId: desk.id,
        projectId: desk.projectId,
        issueTypeId: ISSUE_TYPE,
        name: 'Remove my access',
        action: 'remove',
        packageFieldId: fields.package,
        doneTransition: 'Resolve this issue',
      },
      {
        requestTypeId: approval,
        serviceDeskId: desk.id,
        projectId: desk.projectId,
        issueTypeId: ISSUE_TYPE,
        name: 'Request sensitive access',
        action: 'grant',
        packageFieldId: fields.package,
        justificationFieldId: fields.justification,
        approval: { required: true },
        doneTransition: 'Resolve this issue',
      },
    ],
  };
  const config = await saveConfig(world.store, input);
  await world.store.setSecret(credentialSecretKey('msp-app'), { kind: 'secret', clientSecret: MSP_SECRET });

  return {
    config,
    serviceDeskId: desk.id,
    requestTypes: { grant, remove, approval },
    approver,
    fields,
    orgs,
    customers,
    packages: {
      sales,
      obrien,
      rnd,
      finance,
      ventes,
      payroll,
      sharedGeneral,
      sharedPartners,
      fabrikamRnd,
      noPolicy,
    },
    users,
  };
}
