// Property: with a valid relay token, ANY body is either taken (202, a job the consumer can
// parse) or refused with a clear error (400 with a message, 413), never a crash, a 5xx, or a
// queued job the consumer would reject. Issue 7 raises numRuns to 10,000.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { startEntraLogin, type EntraLogin } from '../../../sandbox/emulators/entra-login';
import { createNodeHttp } from '../../../sandbox/adapters/node-http';
import { createMemoryStore } from '../../../sandbox/adapters/memory-store';
import { createMemoryQueue } from '../../../sandbox/adapters/memory-queue';
import { createFakeClock } from '../../../sandbox/adapters/fake-clock';
import { createRecordingLog } from '../../../sandbox/adapters/recording-log';
import type { Ports } from '../../../src/core/ports';
import { ConfigSchema, type Config } from '../../../src/config/schema';
import { JobSchema } from '../../../src/core/queue/jobs';
import { createJwksCache } from '../../../src/entra/jwks-cache';
import { receiveCallout, type WebRequest } from '../../../src/entra/receive-callout';

const NUM_RUNS = Number(process.env.PROPERTY_RUNS ?? 1000);
const TENANT = '55555555-5555-4555-8555-555555555555';
const RELAY = {
  objectId: '66666666-6666-4666-8666-666666666666',
  appId: '77777777-7777-4777-8777-777777777777',
  audience: 'api://access-bridge',
};

let login: EntraLogin;
let ports: Ports;
let config: Config;
let token: string;
const clock = createFakeClock();
const queue = createMemoryQueue({ clock });

beforeAll(async () => {
  login = await startEntraLogin({ now: () => clock.now() });
  login.addTenant(TENANT);
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
    ],
    // A default route: every well-formed callout is routed, so the parser decides alone.
    offlineApps: [
      { id: 'default', tenantId: TENANT, target: { kind: 'jira', projectKey: 'IT', issueTypeId: '10003' } },
    ],
  });
  token = await login.issueToken(TENANT, {
    aud: RELAY.audience,
    oid: RELAY.objectId,
    appid: RELAY.appId,
    exp: Math.floor(clock.now() / 1000) + 86_400,
  });
});
afterAll(() => login.close());

const jwks = () => createJwksCache(ports);
const request = (body: string): WebRequest => ({
  method: 'POST',
  headers: { authorization: [`Bearer ${token}`], 'content-type': ['application/json'] },
  queryParameters: { tenant: [TENANT] },
  body,
});

// Keys Entra sends (any casing) with values that are sometimes right and often not.
const KEYS = [
  'Stage',
  'Event',
  'AccessPackageAssignmentRequestId',
  'CustomExtensionStageInstanceId',
  'CallbackUriPath',
  'RequestType',
  'State',
  'Status',
  'Answers',
  'CallbackConfiguration',
  'AccessPackage',
  'AccessPackageCatalog',
  'Assignment',
  'Requestor',
  'Justification',
  '__proto__',
  'constructor',
];
const STAGES = [
  'assignmentRequestApproved',
  'assignmentRequestRemoved',
  'assignmentFourteenDaysBeforeExpiration',
  'assignmentOneDayBeforeExpiration',
  'CustomExtensionConnectionTest',
  'CustomActionConnectionTest',
  'assignmentRequestGranted',
  '',
];
const casing = (key: string) => fc.constantFrom(key, key.toLowerCase(), key.toUpperCase());
const named = fc.record(
  {
    Id: fc.oneof(fc.uuid(), fc.string(), fc.constant(null)),
    DisplayName: fc.oneof(fc.string(), fc.constant(null)),
  },
  { requiredKeys: [] },
);
const value: fc.Arbitrary<unknown> = fc.oneof(
  fc.uuid(),
  fc.constantFrom(...STAGES),
  fc.string(),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  named,
  fc.array(
    fc.oneof(
      fc.constant(null),
      fc.string(),
      fc.record({ AnsweredQuestion: named.map((n) => ({ Text: n.DisplayName })), Value: fc.jsonValue() }),
      fc.jsonValue(),
    ),
    { maxLength: 5 },
  ),
  fc.record(
    {
      DurationBeforeTimeout: fc.oneof(fc.constantFrom('P14D', 'PT1H', 'P', 'PT', 'P99999999D'), fc.string()),
      TimeoutDuration: fc.string(),
    },
    { requiredKeys: [] },
  ),
  fc.record(
    {
      Id: fc.uuid(),
      Target: fc.record(
        { ObjectId: fc.oneof(fc.uuid(), fc.string()), DisplayName: fc.string(), PrincipalName: fc.string() },
        { requiredKeys: [] },
      ),
      AssignmentPolicy: named,
    },
    { requiredKeys: [] },
  ),
  fc.jsonValue({ maxDepth: 4 }),
);
const calloutish = fc
  .array(fc.tuple(fc.constantFrom(...KEYS).chain(casing), value), { maxLength: KEYS.length })
  .map((pairs) => JSON.stringify(Object.fromEntries(pairs)));
const almostValid = fc
  .record({
    stage: fc.constantFrom(...STAGES),
    requestId: fc.uuid(),
    instanceId: fc.uuid(),
    pkg: fc.uuid(),
    drop: fc.subarray([
      'AccessPackage',
      'AccessPackageCatalog',
      'Assignment',
      'CustomExtensionStageInstanceId',
    ] as const),
    extra: fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 3 }),
    answers: fc.option(
      fc.array(
        fc.oneof(
          fc.constant(null),
          fc.string(),
          fc.record({ AnsweredQuestion: fc.record({ Text: fc.jsonValue() }), Value: fc.jsonValue() }),
          fc.jsonValue({ maxDepth: 2 }),
        ),
        { maxLength: 4 },
      ),
    ),
  })
  .map(({ stage, requestId, instanceId, pkg, drop, extra, answers }) => {
    const body: Record<string, unknown> = {
      ...extra,
      Answers: answers,
      Stage: stage,
      AccessPackageAssignmentRequestId: requestId,
      CustomExtensionStageInstanceId: instanceId,
      AccessPackage: { Id: pkg, DisplayName: 'P' },
      AccessPackageCatalog: { Id: pkg, DisplayName: 'C' },
      Assignment: { Id: requestId, Target: { ObjectId: instanceId } },
    };
    for (const key of drop) delete body[key];
    return JSON.stringify(body);
  });
const bodies = fc.oneof(
  { weight: 3, arbitrary: calloutish },
  { weight: 3, arbitrary: almostValid },
  { weight: 2, arbitrary: fc.json({ maxDepth: 6 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
  { weight: 1, arbitrary: fc.nat(40).map((n) => `${'['.repeat(n)}${']'.repeat(n)}`) },
  { weight: 1, arbitrary: fc.nat(30).map((n) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`) },
);

describe('receiveCallout with a valid token and any body', () => {
  it(`answers 202, 400 or 413 and never crashes (${NUM_RUNS} runs)`, async () => {
    const seen = { 202: 0, 400: 0, 413: 0 } as Record<number, number>;
    await fc.assert(
      fc.asyncProperty(bodies, async (body) => {
        const queued = queue.pushed.length;
        const response = await receiveCallout(ports, config, request(body), { jwks: jwks() });
        seen[response.statusCode] = (seen[response.statusCode] ?? 0) + 1;
        expect([202, 400, 413]).toContain(response.statusCode);
        const answer = JSON.parse(response.body) as { error?: string; message?: string };
        if (response.statusCode === 400) {
          expect(answer.message, body).toMatch(
            /^(body is not|request id, stage instance id and access package id are required|this tenant does not route)/,
          );
          expect(queue.pushed.length).toBe(queued);
        }
        // Whatever was queued, the consumer can parse.
        for (const pushed of queue.pushed.slice(queued))
          expect(JobSchema.safeParse(pushed.job).success, JSON.stringify(pushed.job)).toBe(true);
        expect(queue.pushed.length - queued).toBeLessThanOrEqual(1);
      }),
      { numRuns: NUM_RUNS },
    );
    // The generators reach both sides.
    expect(seen[202]).toBeGreaterThan(NUM_RUNS / 50);
    expect(seen[400]).toBeGreaterThan(NUM_RUNS / 50);
  });
});
