// Shared set-up for the emulator tests: an Entra login and a Graph emulator wired together, an
// app registered in two tenants, and plain-fetch helpers (no dependency on the app's Graph client).
import { randomUUID } from 'node:crypto';
import { startEntraLogin, type EntraLogin } from '../../../sandbox/emulators/entra-login';
import { startGraphEmulator, type GraphEmulator } from '../../../sandbox/emulators/graph';
import { createContractValidator, loadContract, type ContractValidator } from '../../contracts/validator';

export const EM = '/v1.0/identityGovernance/entitlementManagement';

/** Parsed JSON read loosely in assertions; the expect() calls check its shape. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type JsonBody = any;
export const ALL_ROLES = ['EntitlementManagement.ReadWrite.All', 'User.Read.All'];

/** A clock the test moves by hand. */
export function manualClock(start = Date.parse('2025-03-01T10:00:00Z')) {
  let t = start;
  return {
    now: () => t,
    advance: (ms: number) => {
      t += ms;
    },
  };
}

let sharedValidator: ContractValidator | undefined;
/** One compiled validator per test file keeps the suite fast (Ajv compiles the schemas once). */
export function validator(): ContractValidator {
  sharedValidator ??= createContractValidator(loadContract('identity-governance'));
  return sharedValidator;
}

export interface Harness {
  login: EntraLogin;
  graph: GraphEmulator;
  clock: ReturnType<typeof manualClock>;
  tenantA: string;
  tenantB: string;
  clientId: string;
  secret: string;
  token(tenantId?: string, roles?: string[]): Promise<string>;
  get(
    path: string,
    token: string,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: JsonBody; headers: Headers }>;
  post(
    path: string,
    body: unknown,
    token: string,
  ): Promise<{ status: number; body: JsonBody; headers: Headers }>;
  close(): Promise<void>;
}

export async function startHarness(options: { contract?: 'strict' | 'off' } = {}): Promise<Harness> {
  const clock = manualClock();
  const login = await startEntraLogin({ now: clock.now });
  const graph = await startGraphEmulator({
    login,
    now: clock.now,
    validator: validator(),
    contract: options.contract,
  });
  const tenantA = randomUUID();
  const tenantB = randomUUID();
  const clientId = randomUUID();
  const secret = 'test~secret.' + randomUUID();
  for (const t of [tenantA, tenantB]) {
    login.addTenant(t);
    login.registerApp(t, { clientId, secret, roles: ALL_ROLES });
  }
  const tokenFor = async (tenantId = tenantA, roles?: string[]) => {
    if (roles) {
      // A second registration with other roles, so one test can hold both kinds of token.
      const id = randomUUID();
      login.registerApp(tenantId, { clientId: id, secret, roles });
      return fetchToken(login, tenantId, id, secret, graph.url);
    }
    return fetchToken(login, tenantId, clientId, secret, graph.url);
  };
  const call = async (
    method: string,
    path: string,
    token: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) => {
    const res = await fetch(`${graph.url}${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${token}`,
        ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
  };
  return {
    login,
    graph,
    clock,
    tenantA,
    tenantB,
    clientId,
    secret,
    token: tokenFor,
    get: (path, token, headers) => call('GET', path, token, undefined, headers),
    post: (path, body, token) => call('POST', path, token, body),
    close: async () => {
      await graph.close();
      await login.close();
    },
  };
}

export async function fetchToken(
  login: EntraLogin,
  tenantId: string,
  clientId: string,
  secret: string,
  resource: string,
): Promise<string> {
  const form = `grant_type=client_credentials&client_id=${encodeURIComponent(clientId)}&client_secret=${encodeURIComponent(secret)}&scope=${encodeURIComponent(`${resource}/.default`)}`;
  const res = await fetch(login.tokenEndpoint(tenantId), {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: form,
  });
  const body = (await res.json()) as { access_token?: string; error_description?: string };
  if (!body.access_token)
    throw new Error(`token request failed: ${res.status} ${body.error_description ?? ''}`);
  return body.access_token;
}

/** An OData string literal, percent-encoded for a query value. */
export const lit = (v: string): string => `'${v.replace(/'/g, "''")}'`;
export const q = (filter: string): string => encodeURIComponent(filter);
