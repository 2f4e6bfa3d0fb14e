// What to fix when a tenant's connection fails, one entry per cause. Token refusals arrive as
// TokenRequestError reasons (src/graph/token-endpoint-error.ts, AADSTS codes from
// https://learn.microsoft.com/entra/identity-platform/reference-error-codes); permissions are the
// application roles of graph-entitlement.md section 2.
import type { Cloud } from '../../graph/clouds';
import type { TokenFailureReason } from '../../graph/errors';

export type ConnectionProblem =
  | 'consent_missing'
  | 'app_not_in_tenant'
  | 'invalid_secret'
  | 'expired_secret'
  | 'invalid_certificate'
  | 'tenant_not_found'
  | 'wrong_cloud'
  | 'secret_missing'
  | 'permission_missing'
  | 'login_unreachable'
  | 'graph_unreachable'
  | 'throttled'
  | 'unknown';

export interface AdviceContext {
  tenantId: string;
  tenantName: string;
  clientId: string;
  credentialName: string;
  cloud: Cloud;
}

/** The page an administrator of the customer tenant opens to grant admin consent. */
export const adminConsentUrl = (ctx: AdviceContext): string =>
  `${ctx.cloud.loginBaseUrl}/${encodeURIComponent(ctx.tenantId)}/adminconsent?client_id=${encodeURIComponent(ctx.clientId)}`;

/** 7000229 (no service principal) means consent was never given, whatever the reason table says. */
export function problemOfToken(reason: TokenFailureReason, aadsts: string | undefined): ConnectionProblem {
  if (aadsts === 'AADSTS7000229' || aadsts === 'AADSTS65001') return 'consent_missing';
  return reason === 'unknown' ? 'unknown' : reason;
}

export function tokenAdvice(problem: ConnectionProblem, ctx: AdviceContext): string {
  const cred = `credential "${ctx.credentialName}"`;
  switch (problem) {
    case 'consent_missing':
      return `Admin consent is missing in tenant ${ctx.tenantName}: an administrator of that tenant must grant admin consent to app ${ctx.clientId} at ${adminConsentUrl(ctx)}`;
    case 'app_not_in_tenant':
      return `App ${ctx.clientId} is not known in tenant ${ctx.tenantName}: check the client id of ${cred}, then have an administrator of that tenant grant admin consent at ${adminConsentUrl(ctx)}`;
    case 'invalid_secret':
      return `The client secret of ${cred} is wrong: copy the secret's Value (not its Secret ID) from the app registration and store it under Credentials.`;
    case 'expired_secret':
      return `The client secret of ${cred} has expired: create a new client secret in the app registration (Certificates & secrets) and store it under Credentials.`;
    case 'invalid_certificate':
      return `Entra refused the certificate of ${cred}: upload that certificate to the app registration (Certificates & secrets), or store the certificate and key that are registered there.`;
    case 'tenant_not_found':
      return `Tenant ${ctx.tenantId} was not found in the ${ctx.cloud.name} cloud: check the tenant id, and if it is right, pick the cloud the tenant lives in.`;
    case 'wrong_cloud':
      return `The login endpoint of the ${ctx.cloud.name} cloud does not know ${ctx.cloud.graphBaseUrl} as a resource: the tenant lives in another cloud (change Cloud), or the custom Graph URL is wrong.`;
    case 'secret_missing':
      return `No secret is stored for ${cred}: store it under Credentials.`;
    case 'login_unreachable':
      return `The login endpoint ${ctx.cloud.loginBaseUrl} did not answer: check the cloud (or the custom login URL) and that its host is in the manifest's egress list.`;
    case 'throttled':
      return 'Entra asked to slow down: try again in a minute.';
    default:
      return 'Entra refused the token request for another reason: see the details, and check the app registration in that tenant.';
  }
}

export function permissionAdvice(permission: string, ctx: AdviceContext): string {
  return `Add the Microsoft Graph application permission ${permission} to app ${ctx.clientId}, then have an administrator of tenant ${ctx.tenantName} grant admin consent at ${adminConsentUrl(ctx)}`;
}
