// Typed Jira errors: a literal `code` per class, the HTTP status, Jira's own messages and, for
// 429, the wait Jira asks for (DESIGN.md "Conventions": one factory maps a response to a class).
// Jira answers errors as `{ errorMessages: string[], errors: { field: message } }`
// (https://developer.atlassian.com/cloud/jira/platform/rest/v3/intro/#status-codes); JSM adds
// `{ errorMessage, i18nErrorMessage }`. Messages hold the path without its query, because query
// values (account ids, emails) are user data.
import { AccessBridgeError } from '../graph/errors';
import { parseRetryAfter } from '../graph/retry';
import type { HttpMethod, JiraResponse } from '../core/ports';

export interface JiraErrorDetails {
  status: number;
  method: HttpMethod;
  /** The path called, without the query. */
  path: string;
  errorMessages: string[];
  /** Field id -> message, as Jira reports validation problems. */
  errors: Record<string, string>;
  retryAfterMs?: number;
}

/** Any non-2xx answer from Jira that is not one of the more specific classes below. */
export class JiraHttpError extends AccessBridgeError {
  readonly code: string = 'jira_http_error';
  readonly status: number;
  readonly method: HttpMethod;
  readonly path: string;
  readonly errorMessages: string[];
  readonly errors: Record<string, string>;
  readonly retryAfterMs?: number;

  constructor(message: string, details: JiraErrorDetails, options?: { cause?: unknown }) {
    super(message, options);
    this.status = details.status;
    this.method = details.method;
    this.path = details.path;
    this.errorMessages = details.errorMessages;
    this.errors = details.errors;
    this.retryAfterMs = details.retryAfterMs;
  }
}

export class JiraBadRequestError extends JiraHttpError {
  override readonly code = 'jira_bad_request' as const; // 400: a field or body Jira rejects
}
export class JiraForbiddenError extends JiraHttpError {
  override readonly code = 'jira_forbidden' as const; // 401/403: scope, licence or permission
}
export class JiraNotFoundError extends JiraHttpError {
  override readonly code = 'jira_not_found' as const; // 404: missing, or not visible to the app
}
export class JiraRateLimitedError extends JiraHttpError {
  override readonly code = 'jira_rate_limited' as const; // 429: honour retryAfterMs
}

/** A 2xx answer whose body is not what the endpoint documents. */
export class JiraMalformedResponseError extends AccessBridgeError {
  readonly code = 'jira_malformed_response' as const;
  constructor(
    message: string,
    readonly details: { status: number; method: HttpMethod; path: string },
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** transitionIssue was asked for a transition the issue does not offer in its current status. */
export class JiraTransitionNotFoundError extends AccessBridgeError {
  readonly code = 'jira_transition_not_found' as const;
  constructor(
    readonly issueKey: string,
    readonly requested: string,
    readonly available: { id: string; name: string }[],
  ) {
    const list = available.length ? available.map((t) => `"${t.name}" (${t.id})`).join(', ') : 'none';
    super(
      `Issue ${issueKey} has no transition "${requested}" in its current status. Available: ${list}. ` +
        'Check the transition name in the configuration against the workflow.',
    );
  }
}

/** Retry-After is delay-seconds or an HTTP date: one parser for Graph and Jira (graph/retry.ts). */
export { parseRetryAfter } from '../graph/retry';

function readJiraMessages(body: unknown): { errorMessages: string[]; errors: Record<string, string> } {
  const errorMessages: string[] = [];
  const errors: Record<string, string> = {};
  if (body && typeof body === 'object') {
    const b = body as Record<string, unknown>;
    if (Array.isArray(b.errorMessages)) {
      for (const m of b.errorMessages) if (typeof m === 'string') errorMessages.push(m);
    }
    if (b.errors && typeof b.errors === 'object') {
      for (const [k, v] of Object.entries(b.errors as Record<string, unknown>)) {
        if (typeof v === 'string') errors[k] = v;
      }
    }
    // JSM (servicedeskapi) shape.
    if (typeof b.errorMessage === 'string') errorMessages.push(b.errorMessage);
  } else if (typeof body === 'string' && body.trim()) {
    errorMessages.push(body.trim().slice(0, 300));
  }
  return { errorMessages, errors };
}

/** Maps a non-2xx response to the matching error class. */
export function jiraErrorFromResponse(
  method: HttpMethod,
  pathWithQuery: string,
  response: JiraResponse,
  nowMs: number = Date.now(),
): JiraHttpError {
  const path = pathWithQuery.split('?')[0] ?? pathWithQuery;
  const { errorMessages, errors } = readJiraMessages(response.body);
  const retryAfterMs = parseRetryAfter(response.headers['retry-after'], nowMs);
  const said = [...errorMessages, ...Object.entries(errors).map(([k, v]) => `${k}: ${v}`)].join('; ');
  const message = `Jira ${method} ${path} answered ${response.status}${said ? `: ${said}` : ''}`;
  const details: JiraErrorDetails = {
    status: response.status,
    method,
    path,
    errorMessages,
    errors,
    retryAfterMs,
  };
  switch (response.status) {
    case 400:
      return new JiraBadRequestError(message, details);
    case 401:
    case 403:
      return new JiraForbiddenError(message, details);
    case 404:
      return new JiraNotFoundError(message, details);
    case 429:
      return new JiraRateLimitedError(message, details);
    default:
      return new JiraHttpError(message, details);
  }
}
