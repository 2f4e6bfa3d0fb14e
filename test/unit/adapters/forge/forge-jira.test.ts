// vi.mock of @forge/api is allowed here only because requestJira cannot run outside Forge (it needs
// the runtime's internal fetch, forge-platform.md section 11). The real assumeTrustedRoute is kept.
import { beforeEach, describe, expect, it, vi } from 'vitest';

const fake = vi.hoisted(() => ({
  calls: [] as {
    route: unknown;
    init: { method?: string; headers?: Record<string, string>; body?: string };
  }[],
  next: { status: 200, text: '{}', headers: {} as Record<string, string> },
}));

vi.mock('@forge/api', async (importActual) => {
  const actual = await importActual<typeof import('@forge/api')>();
  const requestJira = async (route: unknown, init: (typeof fake.calls)[number]['init']) => {
    fake.calls.push({ route, init });
    const { status, text, headers } = fake.next;
    return {
      status,
      text: async () => text,
      headers: {
        forEach: (cb: (value: string, name: string) => void) =>
          Object.entries(headers).forEach(([n, v]) => cb(v, n)),
      },
    };
  };
  return { ...actual, default: { asApp: () => ({ requestJira }) } };
});

const { createForgeJira, jiraPathProblem, JiraPathRejectedError } =
  await import('../../../../src/forge/adapters/forge-jira');

beforeEach(() => {
  fake.calls.length = 0;
  fake.next = { status: 200, text: '{}', headers: {} };
});

describe('createForgeJira', () => {
  it('sends the pre-encoded path unchanged as a trusted route, with JSON in and out', async () => {
    fake.next = {
      status: 201,
      text: '{"id":"10001"}',
      headers: { 'Content-Type': 'application/json', 'X-RateLimit-Remaining': '9' },
    };
    const path = '/rest/servicedeskapi/request/HELP-1/comment?expand=a%2Cb&q=O%27Brien%20%26%20co';
    const response = await createForgeJira().request('POST', path, { body: 'hi', public: false });
    expect(response).toEqual({
      status: 201,
      body: { id: '10001' },
      headers: { 'content-type': 'application/json', 'x-ratelimit-remaining': '9' },
    });
    const call = fake.calls[0];
    expect((call?.route as { value: string }).value).toBe(path);
    expect(call?.init).toEqual({
      method: 'POST',
      headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
      body: '{"body":"hi","public":false}',
    });
  });

  it('sends no body or content type on a GET, and gives undefined for 204 and empty bodies', async () => {
    fake.next = { status: 204, text: '', headers: {} };
    const response = await createForgeJira().request('GET', '/rest/api/3/issue/HELP-1');
    expect(response.body).toBeUndefined();
    expect(fake.calls[0]?.init).toEqual({
      method: 'GET',
      headers: { Accept: 'application/json' },
      body: undefined,
    });
  });

  it('hands a non-JSON body on as text for the caller’s schema to reject', async () => {
    fake.next = { status: 502, text: '<html>Bad gateway</html>', headers: {} };
    expect((await createForgeJira().request('GET', '/rest/api/3/myself')).body).toBe(
      '<html>Bad gateway</html>',
    );
  });

  it('refuses paths that could leave the intended resource, before any request', async () => {
    for (const path of [
      'https://evil.example.com/rest/api/3/issue',
      '/wiki/rest/api/content',
      '/rest/api/3/issue/../../admin',
      '/rest/api/3/issue/%2e%2E/x',
      '/rest/api/3/issue/./x',
      '/rest/api/3/issue/HELP-1#frag',
    ]) {
      await expect(createForgeJira().request('GET', path)).rejects.toBeInstanceOf(JiraPathRejectedError);
    }
    expect(fake.calls).toHaveLength(0);
    expect(jiraPathProblem('/rest/api/3/issue/A%2F..%2Fb?jql=a%20..%20b')).toBeUndefined();
    expect(jiraPathProblem('/rest/api/3/search?jql=x/../y')).toBeUndefined();
  });
});
