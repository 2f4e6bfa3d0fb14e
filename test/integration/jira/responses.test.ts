// The emulator answers in the shapes Atlassian's OpenAPI description declares, so code written
// against it reads real Jira the same way.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContractValidator, loadContract } from '../../contracts/validator';
import type { HttpMethod } from '../../../src/core/ports';
import { startTestSite, type TestSite } from './site';

const contract = createContractValidator(loadContract('jira-platform'), { pathPrefix: '' });
let s: TestSite;
let key: string;

beforeAll(async () => {
  s = await startTestSite();
  key = s.emu.createRequestAsCustomer({
    accountId: s.jane,
    serviceDeskId: s.deskId,
    requestTypeId: s.grantTypeId,
    summary: 'x',
    fields: { [s.packageFieldId]: 'p' },
  }).key;
  s.emu.addCommentAs(key, { accountId: s.jane, text: 'hi' });
  await s.jira.request('PUT', `/rest/api/3/issue/${key}/properties/p1`, { a: 1 });
});
afterAll(() => s.emu.close());

describe('responses match the platform contract', () => {
  const adf = { version: 1, type: 'doc', content: [] };
  const calls: [HttpMethod, () => string, unknown?][] = [
    ['GET', () => `/rest/api/3/issue/${key}?expand=schema,names`],
    ['GET', () => `/rest/api/3/issue/${key}/comment?orderBy=-created&expand=renderedBody`],
    ['POST', () => '/rest/api/3/comment/list?expand=properties,renderedBody', { ids: [10000, 10001] }],
    [
      'POST',
      () => `/rest/api/3/issue/${key}/comment`,
      { body: adf, properties: [{ key: 'sd.public.comment', value: { internal: true } }] },
    ],
    ['GET', () => `/rest/api/3/issue/${key}/transitions`],
    ['GET', () => `/rest/api/3/issue/${key}/properties`],
    ['GET', () => `/rest/api/3/issue/${key}/properties/p1`],
    ['GET', () => '/rest/api/3/field'],
    ['GET', () => '/rest/api/3/priority'],
    ['GET', () => '/rest/api/3/myself'],
    [
      'POST',
      () => '/rest/api/3/issue',
      { fields: { project: { key: 'HELP' }, issuetype: { id: '10003' }, summary: 's' } },
    ],
    ['GET', () => '/rest/api/3/issue/HELP-99'],
  ];
  it.each(calls.map(([m, p, b], i) => [i, m, p, b] as const))(
    'call %i: %s',
    async (_i, method, path, body) => {
      const full = path();
      const response = await s.jira.request(method, full, body);
      expect(response.status).toBeLessThan(500);
      expect(contract.validateResponse(method, full.split('?')[0]!, response.status, response.body)).toEqual(
        [],
      );
    },
  );
});
