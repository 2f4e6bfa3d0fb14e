// Property (issue 7): the configuration import and every schema it nests. For arbitrary JSON and
// for mutations of a valid configuration (fields deleted, replaced, duplicated, re-cased, wrapped),
// safeParse never throws; a refusal comes with field errors (a path and a message a person can
// act on); an acceptance is a fixed point (parsing it again changes nothing) and survives JSON.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { z } from 'zod';
import {
  ConfigSchema,
  CredentialSchema,
  OfflineRouteSchema,
  OrganizationRefSchema,
  RelaySchema,
  RequestTypeSchema,
  SettingsSchema,
  TenantSchema,
} from '../../src/config/schema';
import { fieldErrorsOf } from '../../src/config/field-errors';
import { jsonish, mutationsOf, RUNS, asParsedJson } from './support/arbitraries';
import { VALID_CONFIG } from './support/valid-config';

function checkParse(schema: z.ZodType, input: unknown): void {
  const result = schema.safeParse(input);
  if (result.success) {
    const again = schema.safeParse(result.data);
    expect(again.success).toBe(true);
    expect(again.data).toEqual(result.data);
    expect(asParsedJson(result.data)).toEqual(result.data);
    return;
  }
  expect(result.error.issues.length).toBeGreaterThan(0);
  const errors = fieldErrorsOf(result.error.issues);
  expect(errors.length).toBeGreaterThan(0);
  for (const e of errors) {
    expect(typeof e.path).toBe('string');
    expect(e.message).toMatch(/\S/);
  }
}

const cases: [string, z.ZodType, unknown][] = [
  ['credential', CredentialSchema, VALID_CONFIG.credentials![1]],
  ['organization', OrganizationRefSchema, { id: '1', name: 'Contoso' }],
  ['relay', RelaySchema, VALID_CONFIG.tenants![0]!.relay],
  ['tenant (global)', TenantSchema, VALID_CONFIG.tenants![0]],
  ['tenant (custom cloud)', TenantSchema, VALID_CONFIG.tenants![1]],
  ['request type', RequestTypeSchema, VALID_CONFIG.requestTypes![1]],
  ['offline route', OfflineRouteSchema, VALID_CONFIG.offlineApps![0]],
  ['settings', SettingsSchema, VALID_CONFIG.settings],
];

describe('the configuration import, 10,000 documents each', () => {
  it('the valid sample is valid (else the mutations prove little)', () => {
    expect(ConfigSchema.safeParse(VALID_CONFIG).success).toBe(true);
    for (const [, schema, sample] of cases) expect(schema.safeParse(sample).success).toBe(true);
  });

  it('arbitrary JSON: refused with field errors, never a throw', () => {
    fc.assert(
      fc.property(jsonish.map(asParsedJson), (doc) => checkParse(ConfigSchema, doc)),
      { numRuns: RUNS },
    );
  });

  it('mutations of a valid configuration: accepted as a fixed point, or refused with field errors', () => {
    let accepted = 0;
    fc.assert(
      fc.property(mutationsOf(VALID_CONFIG), (doc) => {
        if (ConfigSchema.safeParse(doc).success) accepted++;
        checkParse(ConfigSchema, doc);
      }),
      { numRuns: RUNS },
    );
    // Both sides of the schema were reached.
    expect(accepted).toBeGreaterThan(RUNS / 20);
    expect(accepted).toBeLessThan(RUNS);
  });
});

describe('the nested schemas the admin page edits, 10,000 mutations each', () => {
  it.each(cases)('%s', (_name, schema, sample) => {
    fc.assert(
      fc.property(mutationsOf(sample), (doc) => checkParse(schema, doc)),
      { numRuns: RUNS },
    );
  });
});
