// A small JSM site on a Jira emulator, shared by the Jira integration tests.
import { createHttpJira } from '../../../sandbox/adapters/jira-http';
import {
  createAdfValidator,
  startJiraEmulator,
  type JiraEmulator,
  type JiraEmulatorOptions,
} from '../../../sandbox/emulators/jira';
import type { Jira } from '../../../src/core/ports';

// Compiling Atlassian's ADF schema takes ~0.2 s: once per test file.
const adfValidator = createAdfValidator();

export interface TestSite {
  emu: JiraEmulator;
  jira: Jira;
  orgs: { contoso: string; fabrikam: string };
  jane: string;
  omar: string;
  deskId: string;
  grantTypeId: string;
  approvalTypeId: string;
  packageFieldId: string;
}

export async function startTestSite(options: JiraEmulatorOptions = {}): Promise<TestSite> {
  const emu = await startJiraEmulator({ adfValidator, ...options });
  const contoso = emu.addOrganization('Contoso & Sons').id;
  const fabrikam = emu.addOrganization("Fabrikam's Ünïcode Org").id;
  const jane = emu.addCustomer({
    email: 'jane@contoso.com',
    displayName: 'Jane Doe',
    organizationIds: [contoso],
  }).accountId;
  const omar = emu.addCustomer({
    email: 'omar+it@fabrikam.com',
    displayName: "Omar O'Neil",
    organizationIds: [contoso, fabrikam],
    emailHidden: true,
  }).accountId;
  const deskId = emu.addServiceDesk({ projectKey: 'HELP', projectName: 'IT Help' }).id;
  const grantTypeId = emu.addRequestType(deskId, { name: 'Request an access package' }).id;
  const approvalTypeId = emu.addRequestType(deskId, { name: 'Request with approval', approval: true }).id;
  const packageFieldId = emu.addCustomField({ name: 'Access package', type: 'string' });
  return {
    emu,
    jira: createHttpJira(emu.url),
    orgs: { contoso, fabrikam },
    jane,
    omar,
    deskId,
    grantTypeId,
    approvalTypeId,
    packageFieldId,
  };
}
