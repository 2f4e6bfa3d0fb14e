// Property (issue 7): with a valid relay token, any callout body is taken (202, and what is queued
// is a job the consumer accepts, for the verified tenant) or refused with a clear error (400 with a
// message, 413); never a throw, a 401 or a 5xx. Bodies are mutations of the body Entra sends (keys
// dropped, replaced, re-cased, duplicated), arbitrary JSON and arbitrary text. One token, signed
// once, and one key cache: the property exercises the parser, not RS256. With a token that fails
// verification, no body is even read: always 401.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { startEntraLogin, type EntraLogin } from '../../sandbox/emulators/entra-login';
import { entraCallout } from '../../sandbox/emulators/relay';
import { createNodeHttp } from '../../sandbox/adapters/node-http';
import { createMemoryStore } from '../../sandbox/adapters/memory-store';
import { createMemoryQueue } from '../../sandbox/adapters/memory-queue';
import { createFakeClock } from '../../sandbox/adapters/fake-clock';
import { createRecordingLog } from '../../sandbox/adapters/recording-log';
import type { Ports } from '../../src/core/ports';
import { ConfigSchema, type Config } from '../../src/config/schema';
import { JobSchema } from '../../src/core/queue/jobs';
import { createJwksCache, type JwksCache } from '../../src/entra/jwks-cache';
import { receiveCallout, type WebRequest } from '../../src/entra/receive-callout';
import { jsonish, mutationsOf, RUNS } from './support/arbitraries';

const TENANT = '55555555-5555-4555-8555-555555555555';
const OTHER = '99999999-9999-4999-8999-999999999999';
const RELAY = {
  objectId: '66666666-6666-4666-8666-666666666666',
  appId: '77777777-7777-4777-8777-777777777777',
  audience: 'api://access-bridge',
};
const PKG = '44444444-4444-4444-8444-444444444444';

const clock = createFakeClock();
const queue = createMemoryQueue({ clock });
let login: EntraLogin;
let ports: Ports;
let config: Config;
let jwks: JwksCache;
let token: string;
let foreignToken: string;

beforeAll(async () => {
  login = await startEntraLogin({ now: () => clock.now() });
  login.addTenant(TENANT);
  login.addTenant(OTHER);
  ports = {
    jira: { request: () => Promise.reject(new Error('no Jira here')) },
    store: createMemoryStore({ clock }),
    http: createNodeHttp(),
    queue,
    clock,
    log: createRecordingLog(),
  };
  config = ConfigSchema.parse({
    credentials: [
      { id: 'app', displayName: 'App', clientId: '88888888-8888-4888-8888-888888888888', kind: 'secret' },
    ],
    tenants: [
      {
        tenantId: TENANT,
        displayName: 'T',
        cloud: 'custom',
        graphBaseUrl: 'http://127.0.0.1:1',
        loginBaseUrl: login.url,
        credentialId: 'app',
        relay: RELAY,
      },
      {
        tenantId: OTHER,
        displayName: 'O',
        cloud: 'custom',
        graphBaseUrl: 'http://127.0.0.1:1',
        loginBaseUrl: login.url,
        credentialId: 'app',
        relay: RELAY,
      },
    ],
    offlineApps: [
      {
        id: 'one-package',
        tenantId: TENANT,
        accessPackageId: PKG,
        target: { kind: 'jira', projectKey: 'IT', issueTypeId: '10003' },
      },
      {
        id: 'other-default',
        tenantId: OTHER,
        target: { kind: 'jira', projectKey: 'IT', issueTypeId: '10003' },
      },
    ],
  });
  const claims = {
    aud: RELAY.audience,
    oid: RELAY.objectId,
    appid: RELAY.appId,
    exp: Math.floor(clock.now() / 1000) + 86_400,
  };
  token = await login.issueToken(TENANT, claims);
  foreignToken = await login.issueToken(OTHER, claims);
  jwks = createJwksCache(ports);
});
afterAll(() => login.close());

const request = (body: string, bearer = token, tenant = TENANT): WebRequest => ({
  method: 'POST',
  headers: { authorization: [`Bearer ${bearer}`], 'content-type': ['application/json'] },
  queryParameters: { tenant: [tenant] },
  body,
});

const realBody = (stage: string) =>
  entraCallout({
    stage: stage as 'assignmentRequestApproved',
    requestId: '12121212-1212-4121-8121-121212121212',
    stageInstanceId: '34343434-3434-4343-8343-343434343434',
    accessPackage: { id: PKG, displayName: "Legacy ERP (O'Neil)" },
    catalog: { id: '56565656-5656-4565-8565-565656565656', displayName: 'Offline apps' },
    policy: { id: '78787878-7878-4787-8787-787878787878', displayName: 'Approved' },
    assignmentId: '90909090-9090-4909-8909-909090909090',
    target: {
      objectId: 'abababab-abab-4bab-8bab-abababababab',
      displayName: 'Adele Vance',
      principalName: 'adele@contoso.com',
    },
    requestor: { objectId: 'abababab-abab-4bab-8bab-abababababab', displayName: 'Adele Vance' },
    answers: [{ question: 'Which site?', answer: 'Lyon' }],
    justification: 'Needed for Q1',
  });

const bodies: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .constantFrom(
        'assignmentRequestApproved',
        'assignmentRequestRemoved',
        'assignmentOneDayBeforeExpiration',
        'CustomExtensionConnectionTest',
      )
      .chain((s) => mutationsOf(realBody(s)))
      .map((b) => JSON.stringify(b) ?? ''),
  },
  { weight: 1, arbitrary: jsonish.map((v) => JSON.stringify(v) ?? '') },
  { weight: 1, arbitrary: fc.string({ maxLength: 200 }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '',
      '{',
      'null',
      '[]',
      '"Stage"',
      '{"Stage":"assignmentRequestApproved"}',
      `{"Stage":"x","pad":"${'x'.repeat(70 * 1024)}"}`,
    ),
  },
);

describe('the callout body, 10,000 bodies with a valid token', () => {
  it('is taken (a job the consumer accepts) or refused with a clear error; never a throw, 401 or 5xx', async () => {
    const seen = new Set<number>();
    await fc.assert(
      fc.asyncProperty(bodies, async (body) => {
        const before = queue.pushed.length;
        const response = await receiveCallout(ports, config, request(body), { jwks });
        seen.add(response.statusCode);
        expect([202, 400, 413]).toContain(response.statusCode);
        const answer = JSON.parse(response.body) as { error?: string; message?: string; accepted?: boolean };
        const pushed = queue.pushed.slice(before);
        if (response.statusCode === 202) {
          expect(answer.accepted).toBe(true);
          for (const { job } of pushed) {
            const parsed = JobSchema.safeParse(job);
            expect(parsed.success).toBe(true);
            expect(job).toMatchObject({ type: 'callout', tenantId: TENANT, routeId: 'one-package' });
          }
        } else {
          expect(pushed).toEqual([]);
          expect(answer.error).toMatch(/^(bad_request|not_routed|body_too_large)$/);
          if (response.statusCode === 400) expect(answer.message).toEqual(expect.stringMatching(/\S/));
        }
      }),
      { numRuns: RUNS },
    );
    // The generators reached acceptance, refusal and the size limit.
    expect(seen).toEqual(new Set([202, 400, 413]));
    expect(queue.pushed.length).toBeGreaterThan(0);
  });

  it('with a token of another tenant (or none), no body is read: 401, nothing queued', async () => {
    const before = queue.pushed.length;
    await fc.assert(
      fc.asyncProperty(bodies, fc.constantFrom(foreignToken, 'not.a.token', ''), async (body, bearer) => {
        const response = await receiveCallout(ports, config, request(body, bearer), { jwks });
        expect(response.statusCode).toBe(401);
      }),
      { numRuns: 1_000 },
    );
    expect(queue.pushed.length).toBe(before);
  });
});
