// Property (issue 7): the admin page's inputs. Every operation of the registry the Forge resolver
// and the sandbox bridge serve (src/core/admin/operations.ts) is called through runOperation, the
// one place that parses input and maps errors, with 10,000 payloads each: arbitrary JSON, objects
// built from the fields operations take, mutated configurations (save) and mutated exports
// (import). Every call answers { ok: true, value } or { ok: false, code, message, errors } with a
// message and field errors a person can act on; none throws, none shows a stack, and the stored
// configuration stays loadable throughout. The portal's operation inputs are parsed the same way.
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createFakeClock } from '../../sandbox/adapters/fake-clock';
import { createMemoryStore } from '../../sandbox/adapters/memory-store';
import { createMemoryQueue } from '../../sandbox/adapters/memory-queue';
import { createRecordingLog } from '../../sandbox/adapters/recording-log';
import { loadConfig, saveConfig } from '../../src/core/config-store';
import { runOperation, type OperationResponse } from '../../src/core/operation';
import { adminOperations, type AdminDeps } from '../../src/core/admin/operations';
import { portalOperations } from '../../src/core/portal/operations';
import { fieldErrorsOf } from '../../src/config/field-errors';
import { awkwardString, jsonish, mutationsOf, RUNS, asParsedJson } from './support/arbitraries';
import { VALID_CONFIG } from './support/valid-config';

const clock = createFakeClock();
const store = createMemoryStore({ clock });
const offline = () =>
  Promise.reject(Object.assign(new Error('The fuzz world has no network.'), { code: 'egress_not_allowed' }));
const deps: AdminDeps = {
  store,
  clock,
  queue: createMemoryQueue({ clock }),
  log: createRecordingLog(),
  http: { fetch: offline },
  jira: { request: offline },
  webTriggerUrl: async () => 'https://example.atlassian-dev.net/x1/callout',
  actor: { accountId: 'fuzz-admin' },
};

beforeAll(async () => {
  await saveConfig(store, VALID_CONFIG);
});

const FIELDS = [
  'tenantId',
  'credentialId',
  'json',
  'secret',
  'kind',
  'clientSecret',
  'privateKeyPem',
  'certificatePem',
  'serviceDeskId',
  'projectId',
  'requestTypeId',
  'catalogId',
  'limit',
  'filter',
  'cursor',
  'search',
  'query',
  'outcome',
  'ref',
  '__proto__',
  'constructor',
];
const fieldValue: fc.Arbitrary<unknown> = fc.oneof(
  awkwardString,
  fc.uuid(),
  fc.nat({ max: 20_000 }).map(String),
  fc.integer({ min: -5, max: 600 }),
  fc.constantFrom(
    'secret',
    'certificate',
    'msp-app',
    'fabrikam-cert',
    '11111111-1111-4111-8111-111111111111',
    '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----',
  ),
  fc.record(
    {
      kind: fc.constantFrom('secret', 'certificate'),
      clientSecret: awkwardString,
      privateKeyPem: awkwardString,
      certificatePem: awkwardString,
    },
    { requiredKeys: ['kind'] },
  ),
  jsonish,
);
const payloads: fc.Arbitrary<unknown> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.dictionary(fc.constantFrom(...FIELDS), fieldValue, { maxKeys: 4 }).map(asParsedJson),
  },
  { weight: 2, arbitrary: mutationsOf(VALID_CONFIG) },
  { weight: 2, arbitrary: mutationsOf(VALID_CONFIG).map((doc) => ({ json: JSON.stringify(doc) ?? '' })) },
  { weight: 1, arbitrary: jsonish.map(asParsedJson) },
  { weight: 1, arbitrary: fc.constantFrom(undefined, null, {}, [], '', 0) },
);

function checkResponse(response: OperationResponse<unknown>): void {
  if (response.ok) {
    expect('value' in response).toBe(true);
    return;
  }
  expect(response.code).toMatch(/^[a-z_]+$/);
  expect(response.message).toMatch(/\S/);
  expect(response.message).not.toMatch(/\n\s+at /); // no stack trace
  expect(Array.isArray(response.errors)).toBe(true);
  for (const e of response.errors) {
    expect(typeof e.path).toBe('string');
    expect(e.message).toMatch(/\S/);
  }
}

describe('admin operations, 10,000 payloads each', () => {
  it.each(Object.keys(adminOperations))(
    '%s answers every payload with a result or a clear refusal',
    async (name) => {
      const codes = new Set<string>();
      await fc.assert(
        fc.asyncProperty(payloads, async (payload) => {
          const response = await runOperation(adminOperations, name, payload, deps, deps.log);
          codes.add(response.ok ? 'ok' : response.code);
          checkResponse(response);
        }),
        { numRuns: RUNS },
      );
      // Whatever was saved or imported, the stored configuration still loads.
      await expect(loadConfig(store)).resolves.toBeDefined();
      // Saving and importing were reached on both sides: some documents stored, some refused.
      if (name === 'saveConfiguration' || name === 'importConfiguration')
        expect([...codes]).toEqual(expect.arrayContaining(['ok', 'invalid_input']));
    },
  );

  it('an unknown operation name is refused by name', async () => {
    checkResponse(await runOperation(adminOperations, '__proto__', {}, deps));
    checkResponse(await runOperation(adminOperations, 'toString', {}, deps));
  });
});

describe('portal operation inputs, 10,000 payloads each', () => {
  it.each(Object.keys(portalOperations))('%s parses or refuses with field errors', (name) => {
    const op = portalOperations[name as keyof typeof portalOperations];
    fc.assert(
      fc.property(payloads, (payload) => {
        const parsed = op.input.safeParse(payload ?? {});
        if (!parsed.success)
          for (const e of fieldErrorsOf(parsed.error.issues)) expect(e.message).toMatch(/\S/);
      }),
      { numRuns: RUNS },
    );
  });
});
