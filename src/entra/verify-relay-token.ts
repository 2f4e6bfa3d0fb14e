// Verifies the bearer token the relay Logic App sends: its managed identity's Entra token
// (graph-entitlement.md 5.5). Bearer only, RS256 only, keys from that tenant's JWKS on its own
// cloud's login host, issuer v1 or v2 for that tenant, audience as configured, caller oid/appid
// equal to the configured relay identity, exp/nbf with a small skew. Anything else is refused.
// A key set that cannot be read is not a refusal: JwksUnavailableError passes through, so the
// web trigger answers 503 and the relay's retry policy tries again.
import { decodeJwt, decodeProtectedHeader, jwtVerify, type JWTPayload } from 'jose';
import type { Tenant } from '../config/schema';
import { resolveCloud } from '../graph/clouds';
import type { Clock } from '../core/ports';
import type { JwksCache } from './jwks-cache';

export class CalloutAuthError extends Error {
  readonly code = 'callout_unauthorized' as const;
  constructor(readonly reason: string) {
    super(`Callout refused: ${reason}`);
  }
}

const CLOCK_SKEW_SECONDS = 120;
const MAX_TOKEN_LENGTH = 16_384;

export function bearerToken(authorization: string | undefined): string {
  if (!authorization) throw new CalloutAuthError('no Authorization header');
  // The scheme is case-insensitive (RFC 9110 11.1); the token must be a three-part JWS.
  const match = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*)$/i.exec(authorization.trim());
  if (!match) throw new CalloutAuthError('Authorization is not a bearer JWT');
  if (match[1]!.length > MAX_TOKEN_LENGTH) throw new CalloutAuthError('token too long');
  return match[1]!;
}

export interface VerifiedRelay {
  tenantId: string;
  claims: JWTPayload;
}

/**
 * `tenant` is the configured tenant the call names (the relay's URL carries its tenant id).
 * The token must have been issued by that same tenant for the configured audience.
 */
export async function verifyRelayToken(
  token: string,
  tenant: Tenant,
  deps: { jwks: JwksCache; clock: Clock },
): Promise<VerifiedRelay> {
  if (!tenant.relay)
    throw new CalloutAuthError(`no relay identity is configured for tenant ${tenant.tenantId}`);
  let header: ReturnType<typeof decodeProtectedHeader>;
  let unverified: JWTPayload;
  try {
    header = decodeProtectedHeader(token);
    unverified = decodeJwt(token);
  } catch {
    throw new CalloutAuthError('malformed token');
  }
  // Checked before any key is fetched: a token claiming another tenant costs us nothing.
  if (header.alg !== 'RS256') throw new CalloutAuthError('algorithm not allowed');
  if (typeof header.kid !== 'string' || header.kid.length === 0 || header.kid.length > 200) {
    throw new CalloutAuthError('token has no key id');
  }
  if (unverified.tid !== tenant.tenantId)
    throw new CalloutAuthError("token's tenant differs from the callout's tenant");

  const cloud = resolveCloud(tenant);
  const key = await deps.jwks.key(tenant.tenantId, cloud, header.kid);
  if (!key) throw new CalloutAuthError('unknown signing key');

  let claims: JWTPayload;
  try {
    ({ payload: claims } = await jwtVerify(token, key, {
      algorithms: ['RS256'],
      issuer: [
        `${cloud.v1IssuerBaseUrl}/${tenant.tenantId}/`,
        `${cloud.loginBaseUrl}/${tenant.tenantId}/v2.0`,
      ],
      audience: tenant.relay.audience,
      clockTolerance: CLOCK_SKEW_SECONDS,
      currentDate: new Date(deps.clock.now()),
      requiredClaims: ['exp', 'iat', 'tid', 'oid'],
    }));
  } catch (error) {
    // jose's code, and for a claim check the claim's name: enough to tell what to fix, no values.
    const { code, claim } = (error ?? {}) as { code?: string; claim?: string };
    const name = code ?? (error instanceof Error ? error.name : 'invalid');
    throw new CalloutAuthError(`token rejected (${name}${claim ? `: ${claim}` : ''})`);
  }
  if (claims.tid !== tenant.tenantId)
    throw new CalloutAuthError("token's tenant differs from the callout's tenant");
  if (String(claims.oid).toLowerCase() !== tenant.relay.objectId)
    throw new CalloutAuthError('caller is not the configured relay identity');
  const appId = (claims.appid ?? claims.azp) as string | undefined;
  if (tenant.relay.appId && appId?.toLowerCase() !== tenant.relay.appId) {
    throw new CalloutAuthError('caller application is not the configured relay identity');
  }
  return { tenantId: tenant.tenantId, claims };
}
