// Admin operations against the sandbox world: the demo data, the emulators, and a helper that
// calls an operation exactly as the resolver does (runOperation: parse, run, map errors).
import { adminOperations, type AdminDeps, type AdminOperations } from '../../../src/core/admin/operations';
import {
  runOperation,
  type InputOf,
  type OperationResponse,
  type OutputOf,
} from '../../../src/core/operation';
import { startWorld, type TestWorld } from '../workflow/world-support';

export const WEB_TRIGGER_URL = 'https://11111111-aaaa.hello.atlassian-dev.net/x1/AbCdEf';

export interface AdminWorld extends TestWorld {
  deps: AdminDeps;
  call<K extends keyof AdminOperations>(
    name: K,
    input: InputOf<AdminOperations[K]>,
  ): Promise<OperationResponse<OutputOf<AdminOperations[K]>>>;
  /** Like call, but fails the test unless the operation succeeded. */
  ok<K extends keyof AdminOperations>(
    name: K,
    input: InputOf<AdminOperations[K]>,
  ): Promise<OutputOf<AdminOperations[K]>>;
  /** Sends any payload (invalid ones included), as a page or an attacker could. */
  raw(name: string, payload: unknown): Promise<OperationResponse<unknown>>;
}

export async function startAdminWorld(): Promise<AdminWorld> {
  const world = await startWorld();
  const deps: AdminDeps = {
    ...world.ports,
    webTriggerUrl: async () => WEB_TRIGGER_URL,
    actor: { accountId: 'admin-account-1' },
  };
  const raw = (name: string, payload: unknown) =>
    runOperation(adminOperations, name, payload, deps, world.log);
  const call = (async (name: string, input: unknown) => raw(name, input)) as AdminWorld['call'];
  const ok = (async (name: keyof AdminOperations, input: unknown) => {
    const response = await raw(name, input);
    if (!response.ok)
      throw new Error(
        `${name} failed: ${response.code}: ${response.message} ${JSON.stringify(response.errors)}`,
      );
    return response.value;
  }) as AdminWorld['ok'];
  return Object.assign(world, { deps, call, ok, raw });
}

/** An Entra tenant id for extra test tenants. */
export const tenantGuid = (n: number): string =>
  `${String(n).repeat(8).slice(0, 8)}-0000-4000-8000-${String(n).repeat(12).slice(0, 12)}`;
