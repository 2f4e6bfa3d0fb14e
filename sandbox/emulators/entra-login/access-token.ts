// v1.0 access tokens as Entra issues them for app-only Graph calls: RS256 with `kid`,
// iss https://sts.windows.net/{tid}/, aud = the resource, appid/azp, oid (the service principal),
// roles only when granted (graph-entitlement.md 2; learn.microsoft.com/entra/identity-platform
// /access-token-claims-reference).
import {
  decodeJwt,
  decodeProtectedHeader,
  jwtVerify,
  SignJWT,
  errors as joseErrors,
  type JWTPayload,
} from 'jose';
import { newGuid } from '../shared/ids';
import type { TenantKeys } from './keys';

export const stsIssuer = (tenantId: string): string => `https://sts.windows.net/${tenantId}/`;

export type AccessTokenFailure =
  | 'malformed'
  | 'unsupported_algorithm'
  | 'unknown_tenant'
  | 'unknown_key'
  | 'bad_signature'
  | 'expired'
  | 'not_yet_valid'
  | 'wrong_audience'
  | 'wrong_issuer';

/** Why a bearer token was refused; the message never contains the token. */
export class AccessTokenError extends Error {
  readonly code = 'access_token_invalid' as const;
  constructor(
    readonly reason: AccessTokenFailure,
    message: string,
  ) {
    super(message);
  }
}

export interface AccessTokenClaims extends JWTPayload {
  tid: string;
  appid?: string;
  azp?: string;
  oid?: string;
  roles?: string[];
  ver?: string;
}

export async function signToken(keys: TenantKeys, claims: JWTPayload): Promise<string> {
  const key = keys.current;
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: key.kid })
    .sign(key.privateKey);
}

export function defaultClaims(tenantId: string, nowMs: number, lifetimeSeconds: number): JWTPayload {
  const iat = Math.floor(nowMs / 1000);
  return {
    iss: stsIssuer(tenantId),
    idp: stsIssuer(tenantId),
    tid: tenantId,
    iat,
    nbf: iat,
    exp: iat + lifetimeSeconds,
    uti: newGuid().replace(/-/g, '').slice(0, 22),
    ver: '1.0',
  };
}

export async function verifyToken(
  token: string,
  expectedAudience: string,
  keysFor: (tenantId: string) => TenantKeys | undefined,
  nowMs: number,
): Promise<AccessTokenClaims> {
  let header: ReturnType<typeof decodeProtectedHeader>;
  let unverified: JWTPayload;
  try {
    header = decodeProtectedHeader(token);
    unverified = decodeJwt(token);
  } catch {
    throw new AccessTokenError('malformed', 'IDX14100: JWT is not well formed.');
  }
  if (header.alg !== 'RS256')
    throw new AccessTokenError(
      'unsupported_algorithm',
      `Signing algorithm '${String(header.alg)}' is not accepted.`,
    );
  const tid = typeof unverified.tid === 'string' ? unverified.tid : '';
  const keys = keysFor(tid);
  if (!keys) throw new AccessTokenError('unknown_tenant', 'The token was not issued by a known tenant.');
  const key = typeof header.kid === 'string' ? keys.find(header.kid) : undefined;
  if (!key) throw new AccessTokenError('unknown_key', 'Signing key not found (kid unknown or retired).');
  try {
    const { payload } = await jwtVerify(token, key.publicKey, {
      algorithms: ['RS256'],
      audience: expectedAudience,
      issuer: stsIssuer(tid),
      currentDate: new Date(nowMs),
      requiredClaims: ['exp', 'tid'],
    });
    return payload as AccessTokenClaims;
  } catch (error) {
    if (error instanceof joseErrors.JWTExpired)
      throw new AccessTokenError('expired', 'Lifetime validation failed, the token is expired.');
    if (error instanceof joseErrors.JWSSignatureVerificationFailed)
      throw new AccessTokenError('bad_signature', 'Signature validation failed.');
    if (error instanceof joseErrors.JWTClaimValidationFailed) {
      if (error.claim === 'aud') throw new AccessTokenError('wrong_audience', 'Invalid audience.');
      if (error.claim === 'iss') throw new AccessTokenError('wrong_issuer', 'Invalid issuer.');
      if (error.claim === 'nbf')
        throw new AccessTokenError(
          'not_yet_valid',
          'Lifetime validation failed, the token is not yet valid.',
        );
    }
    throw new AccessTokenError('malformed', 'Access token validation failure.');
  }
}
