// A fleet of customer tenants for the burst, the soak and the isolation tests: N tenants on the
// global cloud (one Graph emulator, routed), each with its own JSM organization, customers, a
// catalog of packages and users, configured exactly as seedDemo does for Contoso. A fifth of the
// users have a mail that is not their UPN (what `/users/{email}` misses) and the package names
// carry spaces, '&', '+', '#' and an apostrophe, as real catalogs do.
import { loadConfig, saveConfig } from '../src/core/config-store';
import { credentialSecretKey } from '../src/config/secret-keys';
import type { Config, ConfigInput } from '../src/config/schema';
import { stableGuid } from '../sandbox/emulators/shared/ids';
import type { World } from '../sandbox/world';

export const FLEET_APP = '0a0a0a0a-0000-4000-8000-0000000f1ee7';
const ROLES = ['EntitlementManagement.ReadWrite.All', 'User.Read.All'];
const ISSUE_TYPE = '10003';

/** Names a naive chain handles (no space, no apostrophe) first, then the awkward ones. */
export const FLEET_PACKAGE_NAMES = ['Engineering', 'R+D', 'Finance#1', 'Sales & Marketing', "O'Brien's Team"];

export interface FleetUser {
  id: string;
  upn: string;
  mail: string;
  accountId: string;
  /** Mail differs from the UPN. */
  mailIsNotUpn: boolean;
}

export interface FleetTenant {
  index: number;
  tenantId: string;
  name: string;
  organizationId: string;
  catalogId: string;
  packages: { id: string; name: string }[];
  users: FleetUser[];
}

export interface Fleet {
  config: Config;
  serviceDeskId: string;
  requestTypeId: string;
  packageFieldId: string;
  tenants: FleetTenant[];
  secret: string;
}

export interface FleetOptions {
  tenants: number;
  usersPerTenant: number;
  /** The client secret of the fleet's app registration (a sentinel in the secret-leak tests). */
  secret?: string;
  /** Package names per tenant; default FLEET_PACKAGE_NAMES. */
  packageNames?: string[];
}

export async function seedFleet(world: World, options: FleetOptions): Promise<Fleet> {
  const secret = options.secret ?? 'fleet-client-secret~not-a-real-one';
  const names = options.packageNames ?? FLEET_PACKAGE_NAMES;
  const { jira } = world;
  const desk = jira.addServiceDesk({ projectKey: 'ACC', projectName: 'Access' });
  const requestTypeId = jira.addRequestType(desk.id, {
    name: 'Request an access package',
    issueTypeId: ISSUE_TYPE,
  }).id;
  const packageFieldId = jira.addCustomField({ name: 'Access package', type: 'string' });

  const tenants: FleetTenant[] = [];
  for (let index = 0; index < options.tenants; index++) {
    const tenantId = stableGuid(`fleet-tenant:${index}`);
    const domain = `t${index}.example`;
    world.login.addTenant(tenantId);
    world.login.registerApp(tenantId, { clientId: FLEET_APP, secret, roles: ROLES });
    const graph = world.graphGlobal.tenant(tenantId);
    const catalog = graph.addCatalog({ displayName: 'General' });
    const packages = names.map((name) => ({
      id: graph.addAccessPackage({
        catalogId: catalog.id,
        displayName: name,
        policies: [{ displayName: 'Admin direct assignment', allowedTargetScope: 'notSpecified' }],
      }).id,
      name,
    }));
    const organizationId = jira.addOrganization(`Customer ${index}`).id;
    const users: FleetUser[] = [];
    for (let u = 0; u < options.usersPerTenant; u++) {
      const mailIsNotUpn = u % 5 === 4;
      const mail = `user${u}@${domain}`;
      const upn = mailIsNotUpn ? `user${u}.x@t${index}.onmicrosoft.com` : mail;
      const id = graph.addUser({
        displayName: `User ${u} of tenant ${index}`,
        userPrincipalName: upn,
        mail,
      }).id;
      const { accountId } = jira.addCustomer({
        email: mail,
        displayName: `User ${u}`,
        organizationIds: [organizationId],
      });
      users.push({ id, upn, mail, accountId, mailIsNotUpn });
    }
    tenants.push({
      index,
      tenantId,
      name: `Customer ${index}`,
      organizationId,
      catalogId: catalog.id,
      packages,
      users,
    });
  }

  // Added to what is configured already (the demo's tenants, say), as the admin page would.
  const existing = await loadConfig(world.store);
  const input: ConfigInput = {
    ...existing,
    credentials: [
      ...existing.credentials,
      {
        id: 'fleet-app',
        displayName: 'MSP fleet app',
        clientId: FLEET_APP,
        kind: 'secret',
        secretSetAt: new Date(world.clock.now()).toISOString(),
      },
    ],
    tenants: [
      ...existing.tenants,
      ...tenants.map((t) => ({
        tenantId: t.tenantId,
        displayName: t.name,
        cloud: 'global' as const,
        credentialId: 'fleet-app',
        organizations: [{ id: t.organizationId, name: t.name }],
        requestable: { accessPackageIds: [], catalogIds: [t.catalogId] },
      })),
    ],
    requestTypes: [
      ...existing.requestTypes,
      {
        requestTypeId,
        serviceDeskId: desk.id,
        projectId: desk.projectId,
        issueTypeId: ISSUE_TYPE,
        name: 'Request an access package',
        action: 'grant',
        packageFieldId,
        doneTransition: 'Resolve this issue',
      },
    ],
  };
  const config = await saveConfig(world.store, input);
  await world.store.setSecret(credentialSecretKey('fleet-app'), { kind: 'secret', clientSecret: secret });
  return { config, serviceDeskId: desk.id, requestTypeId, packageFieldId, tenants, secret };
}

export interface FleetTicket {
  tenant: FleetTenant;
  user: FleetUser;
  packageName: string;
}

/**
 * `count` grant tickets spread round-robin over the tenants, each (user, package) pair once per
 * tenant, so every ticket's right outcome is "delivered".
 */
export function fleetTickets(fleet: Fleet, count: number): FleetTicket[] {
  const tickets: FleetTicket[] = [];
  for (let k = 0; k < count; k++) {
    const tenant = fleet.tenants[k % fleet.tenants.length]!;
    const n = Math.floor(k / fleet.tenants.length);
    const user = tenant.users[n % tenant.users.length]!;
    const pkg = tenant.packages[Math.floor(n / tenant.users.length) % tenant.packages.length]!;
    if (n >= tenant.users.length * tenant.packages.length)
      throw new Error(
        `The fleet has room for ${tenant.users.length * tenant.packages.length} distinct tickets per tenant.`,
      );
    tickets.push({ tenant, user, packageName: pkg.name });
  }
  return tickets;
}

/** Raises the ticket on the portal as its customer (emits issueCreated). */
export function raiseFleetTicket(
  world: World,
  fleet: Fleet,
  ticket: FleetTicket,
): { id: string; key: string } {
  return world.jira.createRequestAsCustomer({
    accountId: ticket.user.accountId,
    serviceDeskId: fleet.serviceDeskId,
    requestTypeId: fleet.requestTypeId,
    summary: `Access: ${ticket.packageName}`,
    fields: { [fleet.packageFieldId]: ticket.packageName },
  });
}
