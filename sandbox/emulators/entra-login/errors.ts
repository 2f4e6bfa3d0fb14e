// Entra's token-endpoint error body: OAuth 2.0 `error` plus `error_description` starting with
// the AADSTS code and ending with trace/correlation ids and a timestamp, `error_codes`,
// `timestamp`, `trace_id`, `correlation_id` (shape as seen in public reports, e.g.
// AzureAD/azure-activedirectory-library-for-python#79). Never echoes a secret or an assertion.
import { newGuid } from '../shared/ids';

export type OAuthError =
  | 'invalid_request'
  | 'invalid_client'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'invalid_scope'
  | 'invalid_resource';

export class AadstsError extends Error {
  readonly code = 'aadsts_error' as const;
  constructor(
    readonly status: number,
    readonly error: OAuthError,
    readonly aadsts: number,
    readonly text: string,
  ) {
    super(`AADSTS${aadsts}: ${text}`);
  }
}

export interface AadstsBody {
  error: OAuthError;
  error_description: string;
  error_codes: number[];
  timestamp: string;
  trace_id: string;
  correlation_id: string;
}

/** '2025-06-09 09:07:41Z', the format Entra uses in error bodies. */
export function entraTimestamp(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')}Z`;
}

export function aadstsBody(err: AadstsError, nowMs: number, correlationId?: string): AadstsBody {
  const traceId = newGuid();
  const correlation = correlationId ?? newGuid();
  const timestamp = entraTimestamp(nowMs);
  return {
    error: err.error,
    error_description: `AADSTS${err.aadsts}: ${err.text} Trace ID: ${traceId} Correlation ID: ${correlation} Timestamp: ${timestamp}`,
    error_codes: [err.aadsts],
    timestamp,
    trace_id: traceId,
    correlation_id: correlation,
  };
}

// The codes the emulator answers; texts follow Entra's messages (learn.microsoft.com
// /entra/identity-platform/reference-error-codes) with the variable parts filled in.
export const aadsts = {
  tenantNotFound: (tenant: string) =>
    new AadstsError(
      400,
      'invalid_request',
      90002,
      `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.`,
    ),
  missingParameter: (name: string) =>
    new AadstsError(
      400,
      'invalid_request',
      900144,
      `The request body must contain the following parameter: '${name}'.`,
    ),
  malformed: (detail: string) =>
    new AadstsError(
      400,
      'invalid_request',
      9002313,
      `Invalid request. Request is malformed or invalid. ${detail}`,
    ),
  unsupportedGrant: (grant: string) =>
    new AadstsError(
      400,
      'unsupported_grant_type',
      70003,
      `The app requested an unsupported grant type '${grant.slice(0, 40)}'.`,
    ),
  badScope: (scope: string) =>
    new AadstsError(
      400,
      'invalid_scope',
      1002012,
      `The provided value for scope ${scope.slice(0, 200)} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
    ),
  resourceNotFound: (resource: string, tenant: string) =>
    new AadstsError(
      400,
      'invalid_resource',
      500011,
      `The resource principal named ${resource.slice(0, 200)} was not found in the tenant named ${tenant}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.`,
    ),
  appNotFound: (clientId: string, tenant: string) =>
    new AadstsError(
      400,
      'unauthorized_client',
      700016,
      `Application with identifier '${clientId.slice(0, 60)}' was not found in the directory '${tenant}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
    ),
  noCredential: () =>
    new AadstsError(
      401,
      'invalid_client',
      7000218,
      "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
    ),
  invalidSecret: (clientId: string) =>
    new AadstsError(
      401,
      'invalid_client',
      7000215,
      `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`,
    ),
  expiredSecret: (clientId: string) =>
    new AadstsError(
      401,
      'invalid_client',
      7000222,
      `The provided client secret keys for app '${clientId}' are expired. Visit the Azure portal to create new keys for your app: https://aka.ms/NewClientSecret, or consider using certificate credentials for added security: https://aka.ms/certCreds.`,
    ),
  badAssertion: (reason: string) =>
    new AadstsError(
      401,
      'invalid_client',
      700027,
      `Client assertion failed signature validation. [Reason - ${reason}]`,
    ),
  // Admin consent never given: no service principal for the app in the customer tenant.
  // Status and `error` as MSAL reports it (invalid_client); the HTTP status is unconfirmed.
  noServicePrincipal: (clientId: string, tenant: string) =>
    new AadstsError(
      400,
      'invalid_client',
      7000229,
      `The client application ${clientId} is missing service principal in the tenant ${tenant}. See instructions here: https://go.microsoft.com/fwlink/?linkid=2225119`,
    ),
};
