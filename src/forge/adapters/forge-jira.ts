// The Jira port over api.asApp().requestJira (forge-platform.md section 9). The app acts as itself:
// triggers, consumers and web triggers have no user, and the resolvers check rights themselves.
import api, { assumeTrustedRoute } from '@forge/api';
import type { HttpMethod, Jira, JiraResponse } from '../../core/ports';
import { AccessBridgeError } from '../../graph/errors';

/** A path that does not keep the promise below: a bug in the caller, never sent to Jira. */
export class JiraPathRejectedError extends AccessBridgeError {
  readonly code = 'jira_path_rejected' as const;
}

/**
 * Why `assumeTrustedRoute` and not the `route` tag: src/jira builds every path with jiraPath /
 * withQuery (src/jira/path.ts), which percent-encode each interpolated segment and query value with
 * encodeURIComponent, so a value cannot add a segment, a query or a fragment. `route` would refuse
 * those already-encoded values (it rejects, not encodes, `/`, `?`, `#` and `..` in path values).
 * This guard keeps the one promise that makes the path trustworthy: a Jira REST path, with no
 * dot-segment, raw or encoded, and no fragment.
 */
export function jiraPathProblem(path: string): string | undefined {
  if (!path.startsWith('/rest/')) return 'must start with /rest/';
  if (path.includes('#')) return 'must not contain a fragment';
  const pathPart = path.split('?')[0] ?? '';
  const dotSegment = pathPart.split('/').some((segment) => /^(\.|%2e){1,2}$/i.test(segment));
  if (dotSegment) return 'must not contain . or .. segments';
  return undefined;
}

function parseBody(status: number, text: string): unknown {
  if (status === 204 || text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    // Not JSON (a proxy's HTML error page): hand the text on, so src/jira's zod parse reports a
    // malformed response (the same as sandbox/adapters/jira-http.ts).
    return text;
  }
}

export function createForgeJira(): Jira {
  return {
    async request(method: HttpMethod, path: string, body?: unknown): Promise<JiraResponse> {
      const problem = jiraPathProblem(path);
      if (problem)
        throw new JiraPathRejectedError(`Refusing Jira path "${path.split('?')[0]}": it ${problem}.`);
      const headers: Record<string, string> = { Accept: 'application/json' };
      if (body !== undefined) headers['Content-Type'] = 'application/json';
      const response = await api.asApp().requestJira(assumeTrustedRoute(path), {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const lowered: Record<string, string> = {};
      response.headers.forEach((value, name) => {
        lowered[name.toLowerCase()] = value;
      });
      return {
        status: response.status,
        body: parseBody(response.status, await response.text()),
        headers: lowered,
      };
    },
  };
}
