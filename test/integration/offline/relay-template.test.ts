// The relay template (deploy/relay-logic-app.json): it parses, declares its parameters, lets in
// only Entra's PoP token from the Entitlement Management app, answers 202 at once, and forwards
// the body unchanged with the managed identity's token. Deployed for Contoso and run by the relay
// emulator, its request is accepted by the web trigger (202, one job queued).
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTOSO } from '../../../sandbox/demo-data';
import { DEMO_WEB_TRIGGER_URL } from '../../../sandbox/demo-offline';
import {
  deployTemplate,
  loadRelayTemplate,
  RELAY_TEMPLATE_PATH,
  startRelayEmulator,
  type ForwardedRequest,
} from '../../../sandbox/emulators/relay';
import {
  ArmExpressionError,
  evaluateDeep,
  STANDARD_FUNCTIONS,
} from '../../../sandbox/emulators/relay/arm-expressions';
import { startOfflineWorld, type OfflineWorld } from './offline-world';

const EM_APP = '810dcf14-1858-4bf2-8134-4c369fa3235b';
const context = {
  subscriptionId: '38ab2ccc-3747-4567-b36b-9478f5602f0d',
  resourceGroup: 'rg-elm',
  tenantId: CONTOSO,
  principalId: 'aaaaaaaa-0000-4000-8000-000000000001',
};
const required = {
  webTriggerUrl: 'https://1234.hello.atlassian-dev.net/x1/abc',
  audience: 'api://access-bridge',
};

describe('the ARM expression evaluator the tests rely on', () => {
  const fns = {
    ...STANDARD_FUNCTIONS,
    parameters: (n: unknown) => ({ a: "it's", o: { Deep: [1, 2] } })[n as 'a' | 'o'],
  };
  it.each([
    ["[concat('x', parameters('a'), '/')]", "xit's/"],
    ['[[not an expression]', '[not an expression]'],
    ['plain', 'plain'],
    ["['it''s']", "it's"],
    ["[parameters('o').deep[1]]", 2],
    ["[parameters('o')['Deep'][0]]", 1],
    ["[if(empty(''), json('[]'), createArray(1))]", []],
    ["[concat(createArray(1), json('[2]'))]", [1, 2]],
    ["[contains('a?b', '?')]", true],
    ["[toLower('ABC')]", 'abc'],
  ])('%s', (expression, expected) => {
    expect(evaluateDeep(expression, fns)).toEqual(expected);
  });
  it('refuses what it does not know', () => {
    expect(() => evaluateDeep("[uniqueString('x')]", fns)).toThrow(/unknown function/);
    expect(() => evaluateDeep("[concat('x']", fns)).toThrow(ArmExpressionError);
  });
});

describe('the template as data', () => {
  const template = loadRelayTemplate();

  it('is an ARM deployment template with the parameters the README names', () => {
    expect(() => JSON.parse(readFileSync(RELAY_TEMPLATE_PATH, 'utf8'))).not.toThrow();
    expect(template.$schema).toBe(
      'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
    );
    expect(template.contentVersion).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(template.parameters.webTriggerUrl).toMatchObject({ type: 'string' });
    expect(template.parameters.webTriggerUrl).not.toHaveProperty('defaultValue');
    expect(template.parameters.audience).toMatchObject({ type: 'string' });
    expect(template.parameters.audience).not.toHaveProperty('defaultValue');
    expect(template.parameters.tenantId).toMatchObject({
      type: 'string',
      defaultValue: '[subscription().tenantId]',
    });
    expect(template.parameters.entitlementManagementAppId).toMatchObject({ defaultValue: EM_APP });
    for (const [name, spec] of Object.entries(template.parameters)) {
      expect(spec.type.toLowerCase(), name).not.toBe('securestring'); // nothing secret goes in
    }
    expect(Object.keys(template.outputs ?? {})).toEqual(
      expect.arrayContaining(['callbackUrl', 'principalId', 'workflowResourceId']),
    );
  });

  it('refuses a deployment without the web trigger URL or the audience', () => {
    expect(() => deployTemplate(template, { audience: 'x' }, context)).toThrow(ArmExpressionError);
    expect(() => deployTemplate(template, { webTriggerUrl: required.webTriggerUrl }, context)).toThrow(
      /audience is required/,
    );
    expect(() => deployTemplate(template, { ...required, unknown: 1 }, context)).toThrow(/not declared/);
  });

  describe('deployed', () => {
    const deployment = deployTemplate(template, required, context);
    const workflow = deployment.workflow;
    const resourcePath = `/subscriptions/${context.subscriptionId}/resourceGroups/rg-elm/providers/Microsoft.Logic/workflows/access-bridge-relay`;

    it('is a Consumption Logic App with a system-assigned managed identity', () => {
      expect(workflow.type).toBe('Microsoft.Logic/workflows');
      expect(workflow.identity).toEqual({ type: 'SystemAssigned' });
      expect(workflow.properties.state).toBe('Enabled');
      expect(template.resources).toHaveLength(1);
    });

    it("lets in only the Entitlement Management app's PoP token for this tenant and this Logic App", () => {
      const policies = workflow.properties.accessControl.triggers.openAuthenticationPolicies.policies;
      expect(Object.values(policies)).toHaveLength(1);
      const policy = Object.values(policies)[0]!;
      expect(policy.type).toBe('AADPOP');
      expect(policy.claims).toEqual([
        { name: 'iss', value: `https://sts.windows.net/${CONTOSO}/` },
        { name: 'appid', value: EM_APP },
        { name: 'u', value: 'management.azure.com' },
        { name: 'm', value: 'POST' },
        { name: 'p', value: resourcePath },
      ]);
      expect(workflow.properties.accessControl.triggers.sasAuthenticationPolicy).toEqual({
        state: 'Disabled',
      });
    });

    it('requires aud too when entraPopAudience is given', () => {
      const withAud = deployTemplate(
        template,
        { ...required, entraPopAudience: 'https://management.azure.com' },
        context,
      );
      const policy = Object.values(
        withAud.workflow.properties.accessControl.triggers.openAuthenticationPolicies.policies,
      )[0]!;
      expect(policy.claims.at(-1)).toEqual({ name: 'aud', value: 'https://management.azure.com' });
      expect(policy.claims).toHaveLength(6);
    });

    it("names the national cloud's Resource Manager host in u when told", () => {
      const gov = deployTemplate(template, { ...required, armHost: 'management.usgovcloudapi.net' }, context);
      const policy = Object.values(
        gov.workflow.properties.accessControl.triggers.openAuthenticationPolicies.policies,
      )[0]!;
      expect(policy.claims.find((c) => c.name === 'u')).toEqual({
        name: 'u',
        value: 'management.usgovcloudapi.net',
      });
    });

    it('answers 202 at once, then forwards the body unchanged with the managed identity', () => {
      const { triggers, actions } = workflow.properties.definition;
      expect(Object.values(triggers)).toEqual([
        expect.objectContaining({
          type: 'Request',
          kind: 'Http',
          inputs: expect.objectContaining({ method: 'POST' }),
        }),
      ]);
      expect(actions.Accept).toEqual({
        type: 'Response',
        kind: 'Http',
        runAfter: {},
        inputs: { statusCode: 202 },
      });
      const forward = actions.Forward_to_Access_Bridge!;
      expect(forward.type).toBe('Http');
      expect(forward.runAfter).toEqual({ Accept: ['Succeeded'] });
      expect(forward.inputs).toMatchObject({
        method: 'POST',
        uri: `${required.webTriggerUrl}?tenant=${CONTOSO}`,
        body: '@triggerBody()',
        authentication: { type: 'ManagedServiceIdentity', audience: 'api://access-bridge' },
        retryPolicy: { type: 'exponential', count: 6 },
      });
      expect(Object.keys(actions)).toHaveLength(2);
    });

    it('appends the tenant to a URL that already has a query, and lower-cases it', () => {
      const d = deployTemplate(
        template,
        { ...required, webTriggerUrl: 'https://x.example/hook?a=1', tenantId: CONTOSO.toUpperCase() },
        context,
      );
      expect(d.outputs.forwardUrl).toBe(`https://x.example/hook?a=1&tenant=${CONTOSO}`);
    });

    it('outputs what the admin page and the custom extension need', () => {
      expect(deployment.outputs.principalId).toBe(context.principalId);
      expect(deployment.outputs.workflowResourceId).toBe(resourcePath);
      expect(deployment.outputs.tenantId).toBe(CONTOSO);
      expect(String(deployment.outputs.callbackUrl)).toMatch(
        /^https:\/\/.+\/triggers\/manual\/paths\/invoke/,
      );
    });
  });
});

describe('the deployed relay, run by the relay emulator, in front of the web trigger', () => {
  let w: OfflineWorld;
  beforeAll(async () => {
    w = await startOfflineWorld();
  });
  afterAll(() => w.close());

  it('Entra gets 202 at once; the web trigger accepts the forward (202) and queues one job', async () => {
    const delivered: ForwardedRequest[] = [];
    const statuses: number[] = [];
    const relay = await startRelayEmulator({
      login: w.login,
      deployment: w.offline.contoso.deployment,
      identity: w.offline.contoso.relay,
      async deliver(request) {
        delivered.push(request);
        const response = await w.receive(request);
        statuses.push(response.statusCode);
        return response;
      },
    });
    try {
      const held = w.hold({
        tenant: 'contoso',
        packageId: w.offline.contoso.packages.erp,
        userId: w.demo.users.adele!,
      });
      const queued = w.queue.pushed.length;
      const entra = await fetch(relay.url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(held.callout, null, 2),
      });
      expect(entra.status).toBe(202);
      await relay.settled();
      expect(relay.runs).toEqual([expect.objectContaining({ outcome: 'succeeded', attempts: [202] })]);
      expect(statuses).toEqual([202]);
      const [request] = delivered;
      expect(request!.url).toBe(`${DEMO_WEB_TRIGGER_URL}?tenant=${CONTOSO}`);
      expect(request!.queryParameters).toEqual({ tenant: [CONTOSO] });
      expect(JSON.parse(request!.body)).toEqual(held.callout);
      expect(request!.headers.authorization![0]).toMatch(/^Bearer [\w-]+\.[\w-]+\.[\w-]+$/);
      const jobs = w.queue.pushed.slice(queued);
      expect(jobs).toHaveLength(1);
      expect(jobs[0]!.job).toMatchObject({
        type: 'callout',
        tenantId: CONTOSO,
        stage: 'assignmentRequestApproved',
        requestId: held.requestId,
        stageInstanceId: held.stageInstanceId,
        routeId: w.offline.routes.contosoCatalog,
      });
    } finally {
      await relay.close();
    }
  });

  it("a 503 from the web trigger (keys unreadable) is retried by the relay's retry policy", async () => {
    let calls = 0;
    const relay = await startRelayEmulator({
      login: w.login,
      deployment: w.offline.fabrikam.deployment,
      identity: w.offline.fabrikam.relay,
      async deliver(request) {
        calls++;
        if (calls === 1) {
          w.clock.advance(2 * 3600_000); // the cached keys are stale, and the login host is down
          w.setJwksFailure(500);
        } else w.setJwksFailure(undefined);
        if (calls === 2) w.clock.advance(5 * 60_000);
        return w.receive(request);
      },
    });
    try {
      const held = w.hold({
        tenant: 'fabrikam',
        packageId: w.offline.fabrikam.packages.rnd,
        userId: w.demo.users.ines!,
      });
      expect((await fetch(relay.url, { method: 'POST', body: JSON.stringify(held.callout) })).status).toBe(
        202,
      );
      await relay.settled();
      expect(relay.runs[0]).toMatchObject({ outcome: 'succeeded', attempts: [503, 202] });
    } finally {
      w.setJwksFailure(undefined);
      await relay.close();
    }
  });

  it('a refused forward (401) is not retried', async () => {
    const relay = await startRelayEmulator({
      login: w.login,
      deployment: w.offline.contoso.deployment,
      identity: { ...w.offline.contoso.relay, objectId: '99999999-9999-4999-8999-999999999999' },
      deliver: (request) => w.receive(request),
    });
    try {
      const held = w.hold({
        tenant: 'contoso',
        packageId: w.offline.contoso.packages.erp,
        userId: w.demo.users.adele!,
      });
      expect((await fetch(relay.url, { method: 'POST', body: JSON.stringify(held.callout) })).status).toBe(
        202,
      );
      await relay.settled();
      expect(relay.runs[0]).toMatchObject({ outcome: 'failed', attempts: [401] });
    } finally {
      await relay.close();
    }
  });
});
