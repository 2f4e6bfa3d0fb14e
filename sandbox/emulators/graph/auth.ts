// Bearer tokens as Graph checks them: RS256 signed by the tenant's Entra keys, audience = this
// Graph, not expired; `tid` picks the tenant's data. App roles per route
// (graph-entitlement.md 2: EntitlementManagement.Read.All / ReadWrite.All, User.Read.All).
import { AccessTokenError, type AccessTokenClaims, type EntraLogin } from '../entra-login';
import { GraphError } from './errors';

export async function authenticate(
  authorization: string | undefined,
  login: EntraLogin,
  audience: string,
  nowMs: number,
): Promise<AccessTokenClaims> {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
  if (!match) throw unauthorized('Access token is empty.');
  try {
    return await login.verifyAccessToken(match[1] as string, audience, { nowMs });
  } catch (error) {
    if (error instanceof AccessTokenError)
      throw unauthorized(
        error.reason === 'malformed' ? error.message : `Access token validation failure. ${error.message}`,
      );
    throw error;
  }
}

function unauthorized(message: string): GraphError {
  return new GraphError(401, 'InvalidAuthenticationToken', message, {
    // Graph's challenge header on 401s.
    'WWW-Authenticate':
      'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"',
  });
}

const EM_READ = ['EntitlementManagement.Read.All', 'EntitlementManagement.ReadWrite.All'];
const EM_WRITE = ['EntitlementManagement.ReadWrite.All'];
const USER_READ = ['User.Read.All', 'User.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'];
// https://learn.microsoft.com/graph/api/domain-list: least privileged Domain.Read.All; higher
// Domain.ReadWrite.All, Directory.Read.All.
const DOMAIN_READ = ['Domain.Read.All', 'Domain.ReadWrite.All', 'Directory.Read.All'];

/** Roles that allow a route (any one suffices). */
export function rolesFor(method: string, pathTemplate: string): string[] {
  if (pathTemplate.startsWith('/users')) return USER_READ;
  if (pathTemplate.startsWith('/domains')) return DOMAIN_READ;
  return method === 'GET' ? EM_READ : EM_WRITE;
}

export function authorize(claims: AccessTokenClaims, method: string, pathTemplate: string): void {
  const granted = new Set(claims.roles ?? []);
  if (rolesFor(method, pathTemplate).some((role) => granted.has(role))) return;
  // Graph's text for a missing application permission; it names no permission or token detail.
  throw new GraphError(
    403,
    'Authorization_RequestDenied',
    'Insufficient privileges to complete the operation.',
  );
}
