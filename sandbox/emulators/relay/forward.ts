// The relay's forward, read from the deployed template: the Http action after the Response
// action (URI, method, headers, managed-identity audience, retries), and the request it sends for
// one callout with a managed-identity token signed by the login emulator for the customer tenant.
import type { JWTPayload } from 'jose';
import type { EntraLogin } from '../entra-login';
import type { Deployment } from './deploy';

/** The Logic App's system-assigned managed identity in the customer tenant. */
export interface RelayIdentity {
  /** The service principal's object id: the token's `oid`, the deployment's principalId. */
  objectId: string;
  /** Its application (client) id: the token's `appid`. */
  appId: string;
}

/** The request as Forge hands it to a web trigger: header and query values as arrays. */
export interface ForwardedRequest {
  url: string;
  method: string;
  headers: Record<string, string[]>;
  queryParameters: Record<string, string[]>;
  body: string;
}

export interface RelayOptions {
  login: EntraLogin;
  deployment: Deployment;
  identity: RelayIdentity;
}

interface ForwardAction {
  method: string;
  uri: string;
  headers: Record<string, string>;
  audience: string;
  retries: number;
}

/** The template's forward: the Http action that runs after the Response action. */
export function forwardAction(deployment: Deployment): ForwardAction & { responseStatus: number } {
  const actions = Object.entries(deployment.workflow.properties.definition.actions);
  const response = actions.find(([, a]) => a.type === 'Response');
  if (!response) throw new Error('relay template: no Response action');
  const http = actions.find(
    ([, a]) => a.type === 'Http' && Object.keys(a.runAfter ?? {}).includes(response[0]),
  );
  if (!http) throw new Error('relay template: no Http action after the Response action');
  const inputs = http[1].inputs as {
    method: string;
    uri: string;
    headers?: Record<string, string>;
    body: unknown;
    authentication?: { type?: string; audience?: string };
    retryPolicy?: { type?: string; count?: number };
  };
  if (inputs.body !== '@triggerBody()')
    throw new Error('relay template: the forward must send @triggerBody() unchanged');
  if (inputs.authentication?.type !== 'ManagedServiceIdentity' || !inputs.authentication.audience) {
    throw new Error(
      'relay template: the forward must authenticate with the managed identity for an audience',
    );
  }
  return {
    method: inputs.method,
    uri: inputs.uri,
    headers: inputs.headers ?? {},
    audience: inputs.authentication.audience,
    retries: inputs.retryPolicy?.type === 'none' ? 0 : (inputs.retryPolicy?.count ?? 4),
    responseStatus: Number((response[1].inputs as { statusCode?: number }).statusCode ?? 200),
  };
}

/** The managed identity's token as Entra issues it for `audience` (v1 claims). */
export function relayToken(
  options: RelayOptions,
  audience: string,
  claims: JWTPayload = {},
): Promise<string> {
  const tenantId = String(options.deployment.outputs.tenantId);
  return options.login.issueToken(tenantId, {
    aud: audience,
    oid: options.identity.objectId,
    sub: options.identity.objectId,
    appid: options.identity.appId,
    appidacr: '2',
    idtyp: 'app',
    xms_mirid: options.deployment.outputs.workflowResourceId,
    ...claims,
  });
}

/**
 * The request the relay sends for one callout. `body` is forwarded as is when a string (what
 * Entra posted), else as JSON. `claims` override the token's (attack tests).
 */
export async function buildForward(
  options: RelayOptions,
  body: unknown,
  overrides: { claims?: JWTPayload } = {},
): Promise<ForwardedRequest> {
  const action = forwardAction(options.deployment);
  const token = await relayToken(options, action.audience, overrides.claims);
  const url = new URL(action.uri);
  const queryParameters: Record<string, string[]> = {};
  for (const [k, v] of url.searchParams) (queryParameters[k] ??= []).push(v);
  const headers: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(action.headers)) headers[k.toLowerCase()] = [v];
  headers.authorization = [`Bearer ${token}`];
  return {
    url: action.uri,
    method: action.method,
    headers,
    queryParameters,
    body: typeof body === 'string' ? body : JSON.stringify(body),
  };
}
