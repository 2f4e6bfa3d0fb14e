// Typed errors: a literal `code` per class, a `cause`, and for HTTP errors the status, Graph's own
// error code and message, and the ids support needs (modelled on jose util/errors.ts, stripe
// Error.ts). Messages never include a token, a secret or a client assertion.

export interface GraphErrorDetails {
  status: number;
  /** Graph's `error.code`, e.g. Request_ResourceNotFound, Authorization_RequestDenied. */
  graphCode?: string;
  graphMessage?: string;
  /** `request-id` response header (or innerError), quoted on tickets for Microsoft support. */
  requestId?: string;
  clientRequestId?: string;
  method?: string;
  /** The path called, without the host and without the query (query values can hold user data). */
  path?: string;
  retryAfterMs?: number;
}

export abstract class AccessBridgeError extends Error {
  abstract readonly code: string;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Any non-2xx answer from Graph that is not one of the more specific classes below. */
export class GraphHttpError extends AccessBridgeError {
  readonly code: string = 'graph_http_error';
  readonly status: number;
  readonly graphCode?: string;
  readonly graphMessage?: string;
  readonly requestId?: string;
  readonly clientRequestId?: string;
  readonly method?: string;
  readonly path?: string;
  readonly retryAfterMs?: number;

  constructor(message: string, details: GraphErrorDetails, options?: { cause?: unknown }) {
    super(message, options);
    this.status = details.status;
    this.graphCode = details.graphCode;
    this.graphMessage = details.graphMessage;
    this.requestId = details.requestId;
    this.clientRequestId = details.clientRequestId;
    this.method = details.method;
    this.path = details.path;
    this.retryAfterMs = details.retryAfterMs;
  }
}

export class GraphBadRequestError extends GraphHttpError {
  override readonly code = 'graph_bad_request' as const; // 400, 409
}
export class GraphUnauthorizedError extends GraphHttpError {
  override readonly code = 'graph_unauthorized' as const; // 401
}
export class GraphForbiddenError extends GraphHttpError {
  override readonly code = 'graph_forbidden' as const; // 403: permission or catalog role missing
}
export class GraphNotFoundError extends GraphHttpError {
  override readonly code = 'graph_not_found' as const; // 404
}
export class GraphThrottledError extends GraphHttpError {
  override readonly code = 'graph_throttled' as const; // 429 after retries
}
export class GraphUnavailableError extends GraphHttpError {
  override readonly code = 'graph_unavailable' as const; // 5xx after retries
}

/** A 2xx answer whose body is not what the endpoint documents. */
export class GraphMalformedResponseError extends AccessBridgeError {
  readonly code = 'graph_malformed_response' as const;
  constructor(
    message: string,
    readonly details: { status: number; requestId?: string; method?: string; path?: string },
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The connection failed or timed out before any answer. */
export class GraphNetworkError extends AccessBridgeError {
  readonly code = 'graph_network_error' as const;
}

/**
 * The wait Graph asks for (or our backoff) is longer than the caller's remaining time budget:
 * a queue consumer re-queues itself with this delay instead of sleeping.
 */
export class RetryLaterError extends AccessBridgeError {
  readonly code = 'retry_later' as const;
  constructor(
    message: string,
    readonly delayMs: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * The token endpoint refused the credentials. `reason` tells the admin what to fix; `aadsts` is
 * Entra's AADSTS code when present (e.g. AADSTS7000215 wrong secret, AADSTS7000222 expired secret,
 * AADSTS700016 app not found in the tenant, AADSTS90002 tenant not found).
 */
export type TokenFailureReason =
  | 'invalid_secret'
  | 'expired_secret'
  | 'app_not_in_tenant'
  | 'tenant_not_found'
  | 'invalid_certificate'
  | 'consent_missing'
  | 'wrong_cloud'
  | 'unknown';

export class TokenRequestError extends AccessBridgeError {
  readonly code = 'token_request_failed' as const;
  constructor(
    message: string,
    readonly details: {
      status?: number;
      reason: TokenFailureReason;
      aadsts?: string;
      correlationId?: string;
    },
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The credential's secret or certificate is not in the store. */
export class MissingSecretError extends AccessBridgeError {
  readonly code = 'missing_secret' as const;
}

/**
 * Several directory users match one identifier at the same precedence (UPN, then mail, then
 * otherMails): the reference says "0 or >1 matches: needs a human", never a guess.
 */
export class AmbiguousUserError extends AccessBridgeError {
  readonly code = 'ambiguous_user' as const;
  constructor(
    message: string,
    readonly candidates: { id: string; userPrincipalName?: string }[],
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
