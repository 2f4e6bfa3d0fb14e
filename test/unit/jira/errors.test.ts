import { describe, expect, it } from 'vitest';
import {
  JiraBadRequestError,
  JiraForbiddenError,
  JiraHttpError,
  JiraNotFoundError,
  JiraRateLimitedError,
  jiraErrorFromResponse,
  parseRetryAfter,
} from '../../../src/jira/errors';
import { jiraPath, withQuery } from '../../../src/jira/path';

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-11-28T10:00:00Z');
  it('reads delay-seconds and HTTP dates', () => {
    expect(parseRetryAfter('7', now)).toBe(7000);
    expect(parseRetryAfter('Sat, 28 Nov 2026 10:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Sat, 28 Nov 2026 09:00:00 GMT', now)).toBe(0);
  });
  it('ignores what it cannot read', () => {
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter('', now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });
});

describe('jiraErrorFromResponse', () => {
  const body = { errorMessages: ['Nope.'], errors: { summary: 'You must specify a summary.' } };
  it.each([
    [400, JiraBadRequestError, 'jira_bad_request'],
    [401, JiraForbiddenError, 'jira_forbidden'],
    [403, JiraForbiddenError, 'jira_forbidden'],
    [404, JiraNotFoundError, 'jira_not_found'],
    [429, JiraRateLimitedError, 'jira_rate_limited'],
    [500, JiraHttpError, 'jira_http_error'],
  ])('maps %i to its class', (status, cls, code) => {
    const error = jiraErrorFromResponse('GET', '/rest/api/3/issue/A-1?fields=x', {
      status,
      body,
      headers: {},
    });
    expect(error).toBeInstanceOf(cls);
    expect(error).toBeInstanceOf(JiraHttpError);
    expect(error.code).toBe(code);
    expect(error.status).toBe(status);
  });
  it("joins Jira's messages, keeps the path without its query, reads Retry-After", () => {
    const error = jiraErrorFromResponse('GET', '/rest/servicedeskapi/organization?accountId=qm%3Asecret', {
      status: 429,
      body,
      headers: { 'retry-after': '3' },
    });
    expect(error.message).toBe(
      'Jira GET /rest/servicedeskapi/organization answered 429: Nope.; summary: You must specify a summary.',
    );
    expect(error.message).not.toContain('secret');
    expect(error.path).toBe('/rest/servicedeskapi/organization');
    expect(error.retryAfterMs).toBe(3000);
    expect(error.errors).toEqual({ summary: 'You must specify a summary.' });
  });
  it("reads JSM's error shape and a non-JSON body", () => {
    expect(
      jiraErrorFromResponse('POST', '/x', { status: 400, body: { errorMessage: 'Bad desk' }, headers: {} })
        .errorMessages,
    ).toEqual(['Bad desk']);
    expect(
      jiraErrorFromResponse('GET', '/x', { status: 502, body: '<html>Bad gateway</html>', headers: {} })
        .message,
    ).toContain('Bad gateway');
  });
});

describe('paths', () => {
  it('encodes each segment and query value with %20, never +', () => {
    expect(jiraPath`/rest/api/3/issue/${'A B/1#2'}/properties/${'ключ+&'}`).toBe(
      '/rest/api/3/issue/A%20B%2F1%232/properties/%D0%BA%D0%BB%D1%8E%D1%87%2B%26',
    );
    expect(withQuery('/p', { accountId: 'qm:a b+c', fields: ['a', 'b c'], skip: undefined, start: 0 })).toBe(
      '/p?accountId=qm%3Aa%20b%2Bc&fields=a,b%20c&start=0',
    );
  });
});
