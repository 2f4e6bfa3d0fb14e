// The emulator refuses what Jira would: bodies and queries Atlassian's OpenAPI description
// rejects, invalid ADF, unknown paths and methods, non-JSON bodies.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addComment, createIssue, JiraBadRequestError, type AdfDoc } from '../../../src/jira';
import { startTestSite, type TestSite } from './site';

let s: TestSite;
let key: string;

beforeAll(async () => {
  s = await startTestSite();
  key = s.emu.createRequestAsCustomer({
    accountId: s.jane,
    serviceDeskId: s.deskId,
    requestTypeId: s.grantTypeId,
    summary: 'x',
  }).key;
});
afterAll(() => s.emu.close());

const goodAdf = {
  version: 1,
  type: 'doc',
  content: [{ type: 'paragraph', content: [{ type: 'text', text: 'ok' }] }],
};

describe('OpenAPI contract on /rest/api/3', () => {
  it('a body the contract rejects is a 400 and changes nothing', async () => {
    const response = await s.jira.request('POST', `/rest/api/3/issue/${key}/transitions`, {
      transition: '51',
    });
    expect(response.status).toBe(400);
    expect((response.body as { errorMessages: string[] }).errorMessages.join(' ')).toMatch(
      /^Contract: request body/,
    );
    expect(s.emu.issue(key).status).toBe('Waiting for support');
  });

  it('an undeclared property inside an entity property is refused', async () => {
    const response = await s.jira.request('POST', `/rest/api/3/issue/${key}/comment`, {
      body: goodAdf,
      properties: [{ key: 'sd.public.comment', value: { internal: true }, visible: false }],
    });
    expect(response.status).toBe(400);
    expect(JSON.stringify(response.body)).toMatch(/Contract: request body at \/properties\/0/);
    expect(s.emu.comments(key)).toHaveLength(0);
  });

  it('an undeclared or mistyped query parameter is refused', async () => {
    expect((await s.jira.request('GET', `/rest/api/3/issue/${key}?fieldz=status`)).status).toBe(400);
    expect((await s.jira.request('GET', `/rest/api/3/issue/${key}/comment?startAt=first`)).status).toBe(400);
  });

  it('unknown paths are 404 and undeclared methods 405', async () => {
    expect((await s.jira.request('GET', '/rest/api/3/nothing-here')).status).toBe(404);
    expect((await s.jira.request('GET', '/rest/servicedeskapi/nothing')).status).toBe(404);
    expect((await s.jira.request('PATCH', `/rest/api/3/issue/${key}/comment`, {})).status).toBe(405);
  });
});

describe('ADF validation', () => {
  it('a comment whose ADF breaks the schema is a 400 JiraBadRequestError', async () => {
    const bad = {
      version: 1,
      type: 'doc',
      content: [{ type: 'paragraph', content: [{ type: 'text', text: '' }] }],
    } as unknown as AdfDoc;
    const error = await addComment(s.jira, key, { adf: bad, internal: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JiraBadRequestError);
    expect((error as JiraBadRequestError).message).toMatch(/not valid Atlassian Document Format/);
    expect(s.emu.comments(key)).toHaveLength(0);
  });

  it('a description that is not ADF (plain text) is refused on create', async () => {
    const error = await createIssue(s.jira, {
      projectKey: 'HELP',
      issueTypeId: '10003',
      summary: 'x',
      descriptionAdf: 'plain text' as unknown as AdfDoc,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JiraBadRequestError);
    expect(Object.keys((error as JiraBadRequestError).errors)).toEqual(['description']);
  });

  it('an empty comment body is refused the way Jira words it', async () => {
    const response = await s.jira.request('POST', `/rest/api/3/issue/${key}/comment`, {});
    expect(response).toMatchObject({
      status: 400,
      body: { errorMessages: [], errors: { comment: 'Comment body can not be empty!' } },
    });
  });
});

describe('transport', () => {
  it('a body that is not JSON is refused', async () => {
    const r1 = await fetch(`${s.emu.url}/rest/api/3/issue/${key}/comment`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'hi',
    });
    expect(r1.status).toBe(415);
    const r2 = await fetch(`${s.emu.url}/rest/api/3/issue/${key}/comment`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"body":',
    });
    expect(r2.status).toBe(400);
  });
  it('the adapter lower-cases headers and gives undefined for 204', async () => {
    const r = await s.jira.request('POST', `/rest/api/3/issue/${key}/transitions`, {
      transition: { id: '41' },
    });
    expect(r).toMatchObject({ status: 204, body: undefined });
    const g = await s.jira.request('GET', '/rest/api/3/myself');
    expect(g.headers['content-type']).toMatch(/^application\/json/);
  });
});
