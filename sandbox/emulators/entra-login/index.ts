// Entra ID login emulator: the client-credentials token endpoint, JWKS and OpenID metadata for
// any number of tenants, with registrations a test configures (secret, certificate, consent,
// roles) and key rotation. Tokens verify with the same keys through verifyAccessToken, which the
// Graph emulator uses. Strict on purpose: what it refuses, Entra refuses too.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { JWTPayload } from 'jose';
import { startHttpServer, readBody, sendJson, header } from '../shared/http';
import { stableGuid } from '../shared/ids';
import { defaultClaims, signToken, stsIssuer, verifyToken, type AccessTokenClaims } from './access-token';
import { JtiCache, parseCertificate } from './client-assertion';
import { AadstsError, aadsts, aadstsBody } from './errors';
import { generateSigningKey, TenantKeys } from './keys';
import { issueClientCredentialsToken, type RegisteredApp } from './token-endpoint';

export { AccessTokenError, type AccessTokenClaims, type AccessTokenFailure } from './access-token';
export { JWT_BEARER } from './client-assertion';

export interface EntraLoginOptions {
  /** Milliseconds since the epoch; default Date.now. Drives iat/exp, secret expiry, assertion checks. */
  now?: () => number;
  /** Access-token lifetime; default 3599 s as Entra's `expires_in` usually reads. */
  tokenLifetimeSeconds?: number;
  /** The URL the app believes it calls (the sandbox routes e.g. https://login.microsoftonline.com here). */
  publicUrl?: string;
}

export interface AppRegistration {
  clientId: string;
  secret?: string;
  /** Milliseconds since the epoch (same clock as `now`); at or after it the secret is expired. */
  secretExpiresAt?: number;
  /** A PEM certificate or SPKI public key that verifies the app's client assertions. */
  certificatePem?: string;
  /** Admin consent given, i.e. a service principal exists in the tenant; default true. */
  consented?: boolean;
  /** Application permissions granted (the token's `roles`). */
  roles?: string[];
}

export interface EntraLogin {
  url: string;
  /** Where the app believes the endpoint is: `publicUrl` if given, else `url`. */
  publicUrl: string;
  close(): Promise<void>;
  addTenant(tenantId: string): void;
  registerApp(tenantId: string, registration: AppRegistration): void;
  /** A resource (e.g. the Graph emulator's URL) whose `<url>/.default` scope is accepted. */
  allowResource(resourceUrl: string): void;
  rotateKeys(tenantId: string): void;
  dropOldKeys(tenantId: string): void;
  /** Signs arbitrary claims (over defaults iss/tid/iat/nbf/exp/ver) with the tenant's current key. */
  issueToken(tenantId: string, claims: JWTPayload): Promise<string>;
  /** Verifies an RS256 token from any known tenant; throws AccessTokenError. */
  verifyAccessToken(
    token: string,
    expectedAudience: string,
    options?: { nowMs?: number },
  ): Promise<AccessTokenClaims>;
  /** The service principal object id (`oid`) of an app in a tenant: stable per app and tenant. */
  servicePrincipalId(tenantId: string, clientId: string): string;
  tokenEndpoint(tenantId: string): string;
  jwksUri(tenantId: string): string;
  readonly stats: { tokenRequests: number; tokensIssued: number };
}

interface TenantState {
  id: string;
  keys: TenantKeys;
  apps: Map<string, RegisteredApp>;
}

export async function startEntraLogin(options: EntraLoginOptions = {}): Promise<EntraLogin> {
  const now = options.now ?? Date.now;
  const lifetimeSeconds = options.tokenLifetimeSeconds ?? 3599;
  const tenants = new Map<string, TenantState>();
  const allowedResources = new Set<string>();
  const jtis = new JtiCache();
  const stats = { tokenRequests: 0, tokensIssued: 0 };
  const sharedKey = generateSigningKey();

  const tenant = (id: string): TenantState | undefined => tenants.get(id.toLowerCase());
  const requireTenant = (id: string): TenantState => {
    const t = tenant(id);
    if (!t) throw new Error(`Entra emulator: tenant ${id} was not added (call addTenant first)`);
    return t;
  };
  const normalizeResource = (url: string): string => url.replace(/\/+$/, '').toLowerCase();

  // Assigned once the server listens; handlers run only after that.
  let publicBase = (): string => server.url;
  const server = await startHttpServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const segments = url.pathname.split('/').filter(Boolean).map(safeDecode);
    const tenantSegment = segments[0] ?? '';
    const rest = segments.slice(1).join('/');
    const correlationId = header(req, 'client-request-id');
    const fail = (err: AadstsError) =>
      sendJson(res, err.status, aadstsBody(err, now(), correlationId), noStore);

    if (req.method === 'POST' && rest === 'oauth2/v2.0/token') {
      stats.tokenRequests += 1;
      await handleToken(req, res, tenantSegment, correlationId, fail);
      return;
    }
    if (req.method === 'GET' && (rest === 'discovery/v2.0/keys' || rest === 'discovery/keys')) {
      const t = tenant(tenantSegment);
      if (!t) return fail(aadsts.tenantNotFound(tenantSegment));
      return sendJson(res, 200, t.keys.jwks());
    }
    if (
      req.method === 'GET' &&
      (rest === 'v2.0/.well-known/openid-configuration' || rest === '.well-known/openid-configuration')
    ) {
      const t = tenant(tenantSegment);
      if (!t) return fail(aadsts.tenantNotFound(tenantSegment));
      const v2 = rest.startsWith('v2.0');
      return sendJson(res, 200, {
        issuer: v2 ? `${publicBase()}/${t.id}/v2.0` : stsIssuer(t.id),
        token_endpoint: `${publicBase()}/${t.id}/oauth2/v2.0/token`,
        jwks_uri: `${publicBase()}/${t.id}/discovery/${v2 ? 'v2.0/' : ''}keys`,
        token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt'],
        id_token_signing_alg_values_supported: ['RS256'],
        tenant_region_scope: 'EM',
      });
    }
    sendJson(res, 404, {
      error: 'not_found',
      error_description: `The emulator does not serve ${req.method} ${url.pathname}.`,
    });
  });

  async function handleToken(
    req: IncomingMessage,
    res: ServerResponse,
    tenantSegment: string,
    correlationId: string | undefined,
    fail: (err: AadstsError) => void,
  ): Promise<void> {
    const body = await readBody(req, 64_000);
    const t = tenant(tenantSegment);
    if (!t) return fail(aadsts.tenantNotFound(tenantSegment));
    try {
      const result = await issueClientCredentialsToken(header(req, 'content-type'), body, {
        tenantId: t.id,
        endpointUrl: `${publicBase()}/${tenantSegment}/oauth2/v2.0/token`,
        app: (clientId) => t.apps.get(clientId.toLowerCase()),
        isAllowedResource: (resource) => allowedResources.has(normalizeResource(resource)),
        nowMs: now(),
        lifetimeSeconds,
        jtis,
        sign: (claims) => signToken(t.keys, claims),
      });
      stats.tokensIssued += 1;
      sendJson(res, 200, result, {
        ...noStore,
        ...(correlationId ? { 'client-request-id': correlationId } : {}),
      });
    } catch (error) {
      if (error instanceof AadstsError) return fail(error);
      throw error;
    }
  }

  if (options.publicUrl) {
    const fixed = options.publicUrl.replace(/\/+$/, '');
    publicBase = () => fixed;
  }
  return {
    url: server.url,
    get publicUrl() {
      return publicBase();
    },
    close: server.close,
    stats,
    addTenant(tenantId) {
      if (!tenant(tenantId))
        tenants.set(tenantId.toLowerCase(), {
          id: tenantId.toLowerCase(),
          keys: new TenantKeys(sharedKey),
          apps: new Map(),
        });
    },
    registerApp(tenantId, registration) {
      const t = requireTenant(tenantId);
      t.apps.set(registration.clientId.toLowerCase(), {
        clientId: registration.clientId,
        secret: registration.secret,
        secretExpiresAt: registration.secretExpiresAt,
        certificate: registration.certificatePem ? parseCertificate(registration.certificatePem) : undefined,
        consented: registration.consented ?? true,
        roles: registration.roles ?? [],
        servicePrincipalId: stableGuid(`sp:${t.id}:${registration.clientId.toLowerCase()}`),
      });
    },
    allowResource(resourceUrl) {
      allowedResources.add(normalizeResource(resourceUrl));
    },
    rotateKeys(tenantId) {
      requireTenant(tenantId).keys.rotate();
    },
    dropOldKeys(tenantId) {
      requireTenant(tenantId).keys.dropOld();
    },
    issueToken(tenantId, claims) {
      const t = requireTenant(tenantId);
      return signToken(t.keys, { ...defaultClaims(t.id, now(), lifetimeSeconds), ...claims });
    },
    verifyAccessToken(token, expectedAudience, opts) {
      return verifyToken(token, expectedAudience, (tid) => tenant(tid)?.keys, opts?.nowMs ?? now());
    },
    servicePrincipalId(tenantId, clientId) {
      return stableGuid(`sp:${tenantId.toLowerCase()}:${clientId.toLowerCase()}`);
    },
    tokenEndpoint: (tenantId) => `${publicBase()}/${tenantId}/oauth2/v2.0/token`,
    jwksUri: (tenantId) => `${publicBase()}/${tenantId}/discovery/v2.0/keys`,
  };
}

const noStore = { 'Cache-Control': 'no-store', Pragma: 'no-cache' };

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
