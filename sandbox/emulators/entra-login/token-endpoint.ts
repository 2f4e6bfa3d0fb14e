// POST /{tenant}/oauth2/v2.0/token, client-credentials grant only (graph-entitlement.md 2).
// The body is application/x-www-form-urlencoded and read as the real endpoint reads it: a '+' is
// a space, so a secret or scope containing '+' must arrive as %2B.
import { timingSafeEqual } from 'node:crypto';
import type { JWTPayload } from 'jose';
import { defaultClaims } from './access-token';
import {
  JWT_BEARER,
  verifyClientAssertion,
  type JtiCache,
  type RegisteredCertificate,
} from './client-assertion';
import { aadsts } from './errors';

export interface RegisteredApp {
  clientId: string;
  secret?: string;
  secretExpiresAt?: number;
  certificate?: RegisteredCertificate;
  consented: boolean;
  roles: string[];
  servicePrincipalId: string;
}

export interface TokenContext {
  tenantId: string;
  /** The URL the client posted to: a client assertion's `aud` must equal it. */
  endpointUrl: string;
  app(clientId: string): RegisteredApp | undefined;
  isAllowedResource(resource: string): boolean;
  nowMs: number;
  lifetimeSeconds: number;
  jtis: JtiCache;
  sign(claims: JWTPayload): Promise<string>;
}

export interface TokenSuccess {
  token_type: 'Bearer';
  expires_in: number;
  ext_expires_in: number;
  access_token: string;
}

/** Throws AadstsError on every refusal; the caller turns it into Entra's error body. */
export async function issueClientCredentialsToken(
  contentType: string | undefined,
  rawBody: string,
  ctx: TokenContext,
): Promise<TokenSuccess> {
  if (!contentType?.toLowerCase().startsWith('application/x-www-form-urlencoded')) {
    // Entra reads only form bodies: a JSON body has no grant_type for it.
    throw aadsts.missingParameter('grant_type');
  }
  const form = new URLSearchParams(rawBody);
  const one = (name: string): string | undefined => {
    const all = form.getAll(name);
    if (all.length > 1) throw aadsts.malformed(`Parameter '${name}' is given more than once.`);
    return all[0];
  };
  const grantType = one('grant_type');
  if (!grantType) throw aadsts.missingParameter('grant_type');
  if (grantType !== 'client_credentials') throw aadsts.unsupportedGrant(grantType);
  const clientId = one('client_id');
  if (!clientId) throw aadsts.missingParameter('client_id');
  const scope = one('scope');
  if (!scope) throw aadsts.missingParameter('scope');
  const scopes = scope.split(' ').filter(Boolean);
  if (scopes.length !== 1 || !(scopes[0] as string).endsWith('/.default')) throw aadsts.badScope(scope);
  const resource = (scopes[0] as string).slice(0, -'/.default'.length);

  const app = ctx.app(clientId);
  if (!app) throw aadsts.appNotFound(clientId, ctx.tenantId);

  const secret = one('client_secret');
  const assertion = one('client_assertion');
  const assertionType = one('client_assertion_type');
  if (secret !== undefined && assertion !== undefined)
    throw aadsts.malformed('Send client_secret or client_assertion, not both.');
  if (secret !== undefined) {
    if (!app.secret || !constantTimeEqual(secret, app.secret)) throw aadsts.invalidSecret(app.clientId);
    if (app.secretExpiresAt !== undefined && app.secretExpiresAt <= ctx.nowMs)
      throw aadsts.expiredSecret(app.clientId);
  } else if (assertion !== undefined) {
    if (assertionType !== JWT_BEARER)
      throw aadsts.badAssertion(`client_assertion_type must be '${JWT_BEARER}'.`);
    await verifyClientAssertion(assertion, {
      clientId: app.clientId,
      audience: ctx.endpointUrl,
      certificate: app.certificate,
      nowMs: ctx.nowMs,
      jtis: ctx.jtis,
    });
  } else {
    throw aadsts.noCredential();
  }

  if (!app.consented) throw aadsts.noServicePrincipal(app.clientId, ctx.tenantId);
  if (!ctx.isAllowedResource(resource)) throw aadsts.resourceNotFound(resource, ctx.tenantId);

  const claims: JWTPayload = {
    ...defaultClaims(ctx.tenantId, ctx.nowMs, ctx.lifetimeSeconds),
    aud: resource,
    appid: app.clientId,
    azp: app.clientId,
    // 1 = client secret, 2 = certificate (access-token-claims-reference, appidacr).
    appidacr: secret !== undefined ? '1' : '2',
    idtyp: 'app',
    oid: app.servicePrincipalId,
    sub: app.servicePrincipalId,
  };
  // Entra omits `roles` when no application permission has been granted.
  if (app.roles.length > 0) claims.roles = [...app.roles];
  return {
    token_type: 'Bearer',
    expires_in: ctx.lifetimeSeconds,
    ext_expires_in: ctx.lifetimeSeconds,
    access_token: await ctx.sign(claims),
  };
}

function constantTimeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
