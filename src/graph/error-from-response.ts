// The ONE place a failed Graph answer becomes a typed error (stripe Error.ts generate(), jose
// util/errors.ts). Classification per graph-entitlement.md section 1.7: 400/409 validation or
// policy, 401 token, 403 permission or catalog role, 404 not found, 429/5xx transient.
import * as z from 'zod';
import {
  GraphBadRequestError,
  GraphForbiddenError,
  GraphHttpError,
  GraphNotFoundError,
  GraphThrottledError,
  GraphUnauthorizedError,
  GraphUnavailableError,
  type GraphErrorDetails,
} from './errors';

// Envelope (unconfirmed): {"error":{"code","message","innerError":{"date","request-id","client-request-id"}}}.
// Tolerant: every field optional, unknown fields kept, a non-JSON body simply yields nothing.
const GraphErrorEnvelope = z.looseObject({
  error: z
    .looseObject({
      code: z.string().optional().catch(undefined),
      message: z.string().optional().catch(undefined),
      innerError: z
        .looseObject({
          'request-id': z.string().optional().catch(undefined),
          'client-request-id': z.string().optional().catch(undefined),
          date: z.string().optional().catch(undefined),
        })
        .optional()
        .catch(undefined),
    })
    .optional()
    .catch(undefined),
});

export interface FailedResponse {
  status: number;
  headers: { get(name: string): string | null };
  bodyText: string;
  method: string;
  /** Path called, WITHOUT the query string (query values hold user data). */
  path: string;
  clientRequestId?: string;
  retryAfterMs?: number;
}

export function parseGraphErrorBody(bodyText: string): {
  code?: string;
  message?: string;
  requestId?: string;
  clientRequestId?: string;
} {
  let json: unknown;
  try {
    json = JSON.parse(bodyText);
  } catch {
    return {};
  }
  const parsed = GraphErrorEnvelope.safeParse(json);
  const error = parsed.success ? parsed.data.error : undefined;
  return {
    code: error?.code,
    message: error?.message,
    requestId: error?.innerError?.['request-id'],
    clientRequestId: error?.innerError?.['client-request-id'],
  };
}

type GraphErrorClass = new (message: string, details: GraphErrorDetails) => GraphHttpError;

/** Class and what-to-do advice per status. */
function classify(status: number): { ErrorClass: GraphErrorClass; advice: string } {
  if (status === 400 || status === 409) {
    return {
      ErrorClass: GraphBadRequestError,
      advice: 'Graph rejected the request (validation or assignment policy); check the ids and the policy.',
    };
  }
  if (status === 401) {
    return {
      ErrorClass: GraphUnauthorizedError,
      advice:
        'The access token was refused; check that the app is consented in this tenant and that its cloud is right.',
    };
  }
  if (status === 403) {
    return {
      ErrorClass: GraphForbiddenError,
      advice:
        'The app lacks a permission: grant EntitlementManagement.ReadWrite.All and User.Read.All with admin consent, or a catalog role such as Access package assignment manager.',
    };
  }
  if (status === 404)
    return {
      ErrorClass: GraphNotFoundError,
      advice: 'The object does not exist (or is no longer kept) in this tenant.',
    };
  if (status === 429)
    return { ErrorClass: GraphThrottledError, advice: 'Graph is throttling this app; try again later.' };
  if (status >= 500)
    return { ErrorClass: GraphUnavailableError, advice: 'Graph is unavailable; try again later.' };
  return { ErrorClass: GraphHttpError, advice: 'Graph answered with an unexpected status.' };
}

export function errorFromResponse(response: FailedResponse): GraphHttpError {
  const body = parseGraphErrorBody(response.bodyText);
  const details: GraphErrorDetails = {
    status: response.status,
    graphCode: body.code,
    graphMessage: body.message,
    // The header is authoritative; the envelope's innerError is the fallback.
    requestId: response.headers.get('request-id') ?? body.requestId,
    clientRequestId:
      response.headers.get('client-request-id') ?? body.clientRequestId ?? response.clientRequestId,
    method: response.method,
    path: response.path,
    retryAfterMs: response.retryAfterMs,
  };
  const { ErrorClass, advice } = classify(response.status);
  const graphPart = [body.code, body.message].filter(Boolean).join(': ');
  const message = `Graph ${response.method} ${response.path} answered ${response.status}${graphPart ? ` (${graphPart})` : ''}. ${advice}`;
  return new ErrorClass(message, details);
}
