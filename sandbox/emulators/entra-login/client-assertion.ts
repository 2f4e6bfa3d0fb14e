// Verifies a client assertion the way Entra does for certificate credentials
// (learn.microsoft.com/entra/identity-platform/certificate-credentials): RS256 or PS256 signed by
// the registered certificate's key, aud = the token endpoint, iss = sub = client id, exp in the
// future, a jti never seen before. Every failure is AADSTS700027 (its message names the reason,
// never the assertion).
import { createHash, createPublicKey, X509Certificate, type KeyObject } from 'node:crypto';
import { decodeProtectedHeader, jwtVerify, errors as joseErrors } from 'jose';
import { aadsts } from './errors';

export const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

export interface RegisteredCertificate {
  publicKey: KeyObject;
  /** base64url SHA-1 / SHA-256 of the certificate DER, when a certificate (not a bare key) was registered. */
  x5t?: string;
  x5tS256?: string;
}

export function parseCertificate(pem: string): RegisteredCertificate {
  if (pem.includes('BEGIN CERTIFICATE')) {
    const cert = new X509Certificate(pem);
    return {
      publicKey: cert.publicKey,
      x5t: createHash('sha1').update(cert.raw).digest('base64url'),
      x5tS256: createHash('sha256').update(cert.raw).digest('base64url'),
    };
  }
  return { publicKey: createPublicKey(pem) };
}

/** Remembers used jtis until their assertion expires (replay protection). */
export class JtiCache {
  private seen = new Map<string, number>();
  useOnce(key: string, expiresAtMs: number, nowMs: number): boolean {
    for (const [k, exp] of this.seen) if (exp < nowMs) this.seen.delete(k);
    if (this.seen.has(key)) return false;
    this.seen.set(key, expiresAtMs);
    return true;
  }
}

export async function verifyClientAssertion(
  assertion: string,
  expected: {
    clientId: string;
    audience: string;
    certificate?: RegisteredCertificate;
    nowMs: number;
    jtis: JtiCache;
  },
): Promise<void> {
  const { certificate } = expected;
  if (!certificate)
    throw aadsts.badAssertion(`No certificate is registered for application '${expected.clientId}'.`);
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(assertion);
  } catch {
    throw aadsts.badAssertion('The client assertion is not a well-formed JWT.');
  }
  if (header.alg !== 'RS256' && header.alg !== 'PS256') {
    throw aadsts.badAssertion(`Unsupported signing algorithm '${String(header.alg)}'; use RS256 or PS256.`);
  }
  const thumbprint = header['x5t#S256'] ?? header.x5t;
  if (
    certificate.x5t &&
    thumbprint !== undefined &&
    thumbprint !== certificate.x5t &&
    thumbprint !== certificate.x5tS256
  ) {
    throw aadsts.badAssertion(
      `The key was not found. Thumbprint of key used by client: '${String(thumbprint).slice(0, 60)}'.`,
    );
  }
  let payload: Awaited<ReturnType<typeof jwtVerify>>['payload'];
  try {
    ({ payload } = await jwtVerify(assertion, certificate.publicKey, {
      algorithms: ['RS256', 'PS256'],
      audience: expected.audience,
      issuer: expected.clientId,
      subject: expected.clientId,
      requiredClaims: ['exp', 'jti'],
      currentDate: new Date(expected.nowMs),
    }));
  } catch (error) {
    throw aadsts.badAssertion(describeJoseError(error));
  }
  if (
    !expected.jtis.useOnce(
      `${expected.clientId}:${String(payload.jti)}`,
      (payload.exp ?? 0) * 1000,
      expected.nowMs,
    )
  ) {
    throw aadsts.badAssertion('The client assertion jti has already been used (replay).');
  }
}

function describeJoseError(error: unknown): string {
  if (error instanceof joseErrors.JWSSignatureVerificationFailed)
    return 'The provided signature value did not match the expected signature value.';
  if (error instanceof joseErrors.JWTExpired) return 'The client assertion is expired.';
  if (error instanceof joseErrors.JWTClaimValidationFailed) {
    const claim = error.claim;
    if (claim === 'aud') return 'The audience claim does not match the token endpoint of this tenant.';
    if (claim === 'iss' || claim === 'sub') return `The ${claim} claim must be the client id.`;
    return `Claim '${claim}' is invalid: ${error.reason}.`;
  }
  if (error instanceof joseErrors.JOSEError) return `The client assertion is invalid (${error.code}).`;
  return 'The client assertion is invalid.';
}
