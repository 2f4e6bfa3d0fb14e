// One request to Jira through the port: non-2xx becomes a typed error (errors.ts) and a 2xx
// body is parsed with the caller's zod schema, so every response is checked at the boundary.
import type { z } from 'zod';
import type { HttpMethod, Jira } from '../core/ports';
import { JiraMalformedResponseError, jiraErrorFromResponse } from './errors';

export interface JiraCallResult<T> {
  status: number;
  data: T;
}

export async function jiraCall<S extends z.ZodType>(
  jira: Jira,
  method: HttpMethod,
  path: string,
  schema: S,
  body?: unknown,
): Promise<JiraCallResult<z.infer<S>>> {
  const response = await jira.request(method, path, body);
  if (response.status < 200 || response.status > 299) {
    throw jiraErrorFromResponse(method, path, response);
  }
  // Both adapters hand over the raw text of a body that is not JSON (forge-jira.ts, jira-http.ts),
  // and no Jira REST answer is a bare string: a 2xx like that is truncated or not Jira's (a proxy
  // page), so nothing says the call took effect. Refused even where the caller reads no body
  // (a PUT, a transition): taken as a success, a write that never happened would be recorded done.
  if (typeof response.body === 'string') {
    const where = path.split('?')[0] ?? path;
    throw new JiraMalformedResponseError(
      `Jira ${method} ${where} answered ${response.status} with a body that is not JSON; it may not have taken effect.`,
      { status: response.status, method, path: where },
    );
  }
  const parsed = schema.safeParse(response.body);
  if (!parsed.success) {
    const where = path.split('?')[0] ?? path;
    const first = parsed.error.issues[0];
    const detail = first ? `${first.path.join('.') || '(root)'}: ${first.message}` : 'unexpected shape';
    throw new JiraMalformedResponseError(
      `Jira ${method} ${where} answered ${response.status} with a body the app does not understand (${detail}).`,
      { status: response.status, method, path: where },
      { cause: parsed.error },
    );
  }
  return { status: response.status, data: parsed.data };
}
