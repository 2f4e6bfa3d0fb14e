// Maps an Entra token-endpoint error answer to TokenRequestError with a message that says what to
// fix. Body: {error, error_description, error_codes, correlation_id} (OAuth 2.0 error response
// plus Entra's fields). AADSTS codes: https://learn.microsoft.com/entra/identity-platform/reference-error-codes
import * as z from 'zod';
import { TokenRequestError, type TokenFailureReason } from './errors';

const TokenErrorBody = z.looseObject({
  error: z.string().optional().catch(undefined),
  error_description: z.string().optional().catch(undefined),
  error_codes: z.array(z.number()).optional().catch(undefined),
  correlation_id: z.string().optional().catch(undefined),
});

const REASON_BY_AADSTS: Record<string, TokenFailureReason> = {
  '7000215': 'invalid_secret',
  '7000222': 'expired_secret',
  '700016': 'app_not_in_tenant',
  // No service principal in the tenant: same fix as 700016 (graph-entitlement.md section 2).
  '7000229': 'app_not_in_tenant',
  '90002': 'tenant_not_found',
  '90072': 'tenant_not_found',
  '700027': 'invalid_certificate',
  '700024': 'invalid_certificate',
  '65001': 'consent_missing',
  '500011': 'wrong_cloud',
};

export interface TokenErrorContext {
  status: number;
  bodyText: string;
  tenantId: string;
  clientId: string;
  credentialName: string;
  cloudName: string;
  scope: string;
  /** Strings that must never appear in the message (the secret, the assertion). */
  redact: string[];
}

function advice(reason: TokenFailureReason, ctx: TokenErrorContext): string {
  const cred = `credential "${ctx.credentialName}" (app ${ctx.clientId})`;
  switch (reason) {
    case 'invalid_secret':
      return `The client secret of ${cred} is wrong: store the secret's Value (not its Secret ID) on the admin page.`;
    case 'expired_secret':
      return `The client secret of ${cred} has expired: create a new one in the app registration and store it on the admin page.`;
    case 'app_not_in_tenant':
      return `App ${ctx.clientId} is not set up in tenant ${ctx.tenantId}: an administrator of that tenant must grant admin consent (onboarding), or check the client id.`;
    case 'tenant_not_found':
      return `Tenant ${ctx.tenantId} was not found in the ${ctx.cloudName} cloud: check the tenant id and the cloud on the admin page.`;
    case 'invalid_certificate':
      return `The certificate assertion of ${cred} was refused: upload this certificate to the app registration, store its matching private key on the admin page, and check the server clock.`;
    case 'consent_missing':
      return `Admin consent for app ${ctx.clientId} is missing in tenant ${ctx.tenantId}: an administrator of that tenant must grant it.`;
    case 'wrong_cloud':
      return `The resource ${ctx.scope} is unknown to this login endpoint: the tenant probably lives in another cloud (check the cloud on the admin page), or the app is not consented there.`;
    default:
      return `The login endpoint refused the token request for ${cred} in tenant ${ctx.tenantId}.`;
  }
}

export function tokenErrorFromResponse(ctx: TokenErrorContext): TokenRequestError {
  let json: unknown;
  try {
    json = JSON.parse(ctx.bodyText);
  } catch {
    json = {};
  }
  const parsed = TokenErrorBody.safeParse(json);
  const body = parsed.success ? parsed.data : {};
  const fromCodes = body.error_codes?.[0]?.toString();
  const fromText = /AADSTS(\d+)/.exec(body.error_description ?? '')?.[1];
  const number = fromCodes ?? fromText;
  const reason: TokenFailureReason = (number && REASON_BY_AADSTS[number]) || 'unknown';
  const aadsts = number ? `AADSTS${number}` : undefined;
  // Entra's first line names the problem; the rest is trace ids (kept as correlationId instead).
  // Redact BEFORE truncating, or a cut-off prefix of the secret would survive.
  let said = body.error_description ?? body.error ?? '';
  for (const secret of ctx.redact) if (secret) said = said.split(secret).join('[redacted]');
  said = (said.split(/\r?\n|\s+Trace ID:/)[0] ?? '').trim().slice(0, 300);
  const code = aadsts ? ` ${aadsts}` : body.error ? ` ${body.error}` : '';
  const message = `Token request failed (${ctx.status}${code}). ${advice(reason, ctx)}${said ? ` Entra said: "${said}"` : ''}`;
  return new TokenRequestError(message, {
    status: ctx.status,
    reason,
    aadsts,
    correlationId: body.correlation_id,
  });
}
