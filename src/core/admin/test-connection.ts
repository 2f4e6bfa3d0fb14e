// Test connection for one tenant: get a token, read the catalogs, read one user, check from
// the token's `roles` that writes are allowed, and say whether this Jira site lets the app read
// customers' organizations (organization-lookup-step.ts). Each step says ok or failed and, when failed,
// exactly what to fix. The token is never returned: only the roles decoded from it (without
// verifying: it is our own token, fresh from the login endpoint we just called over TLS).
import * as z from 'zod';
import { credentialSecretKey } from '../../config/secret-keys';
import { Guid } from '../../config/schema';
import {
  encodeQuery,
  GraphForbiddenError,
  GraphHttpError,
  GraphNetworkError,
  listCatalogs,
  MissingSecretError,
  RetryLaterError,
  TokenRequestError,
} from '../../graph';
import { adminOperation, auditAdmin } from './deps';
import {
  permissionAdvice,
  problemOfToken,
  tokenAdvice,
  type AdviceContext,
  type ConnectionProblem,
} from './connection-advice';
import { tenantGraph, type TenantGraph } from './tenant-graph';
import { organizationLookupStep, type OrganizationLookupStep } from './organization-lookup-step';

export interface ConnectionStep {
  id: 'secret' | 'token' | 'read-catalogs' | 'read-users' | 'write-permission' | 'organization-lookup';
  title: string;
  status: 'ok' | 'failed' | 'skipped';
  detail: string;
  problem?: ConnectionProblem | OrganizationLookupStep['problem'];
  advice?: string;
  /** The organization-lookup step: what the site does (allowed / refused / filter-ignored). */
  lookup?: OrganizationLookupStep['lookup'];
}

export interface ConnectionReport {
  tenantId: string;
  ok: boolean;
  steps: ConnectionStep[];
  checkedAt: string;
}

const READ_ROLES = ['EntitlementManagement.Read.All', 'EntitlementManagement.ReadWrite.All'];
const WRITE_ROLE = 'EntitlementManagement.ReadWrite.All';

/** The `roles` claim of a JWT access token, or undefined when it is not a readable JWT. */
export function rolesOf(accessToken: string): string[] | undefined {
  const payload = accessToken.split('.')[1];
  if (!payload) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { roles?: unknown };
    // Entra omits `roles` when no application permission is granted.
    return Array.isArray(claims.roles) ? claims.roles.filter((r): r is string => typeof r === 'string') : [];
  } catch {
    return undefined;
  }
}

function graphFailure(
  error: unknown,
  permission: string,
  ctx: AdviceContext,
): Pick<ConnectionStep, 'detail' | 'problem' | 'advice'> {
  if (error instanceof GraphForbiddenError) {
    return {
      detail: `Graph answered 403 ${error.graphCode ?? ''}`.trim(),
      problem: 'permission_missing',
      advice: permissionAdvice(permission, ctx),
    };
  }
  if (error instanceof GraphNetworkError) {
    return {
      detail: error.message,
      problem: 'graph_unreachable',
      advice: `Graph ${ctx.cloud.graphBaseUrl} did not answer: check the cloud (or the custom Graph URL).`,
    };
  }
  const detail =
    error instanceof GraphHttpError
      ? `Graph answered ${error.status} ${error.graphCode ?? ''}: ${error.graphMessage ?? error.message}`
      : error instanceof Error
        ? error.message
        : String(error);
  return {
    detail,
    problem: 'unknown',
    advice: 'See the details; try again, and if it persists check the app registration.',
  };
}

async function tokenStep(
  tg: TenantGraph,
  ctx: AdviceContext,
): Promise<{ step: ConnectionStep; token?: string }> {
  const title = 'Get a token';
  try {
    const token = await tg.token(true);
    return {
      step: {
        id: 'token',
        title,
        status: 'ok',
        detail: `Token issued by ${tg.cloud.loginBaseUrl} for ${tg.cloud.graphBaseUrl}.`,
      },
      token,
    };
  } catch (error) {
    let problem: ConnectionProblem = 'unknown';
    let detail = error instanceof Error ? error.message : String(error);
    if (error instanceof TokenRequestError) {
      problem = problemOfToken(error.details.reason, error.details.aadsts);
      detail = `Entra refused the token request${error.details.aadsts ? ` (${error.details.aadsts})` : ''}.`;
    } else if (error instanceof MissingSecretError) problem = 'secret_missing';
    else if (error instanceof GraphNetworkError) problem = 'login_unreachable';
    else if (error instanceof RetryLaterError) problem = 'throttled';
    return {
      step: {
        id: 'token',
        title,
        status: 'failed',
        detail,
        problem,
        advice: problem === 'unknown' ? `${tokenAdvice(problem, ctx)} ${detail}` : tokenAdvice(problem, ctx),
      },
    };
  }
}

export const testConnection = adminOperation({
  input: z.object({ tenantId: Guid }).strict(),
  async run(deps, input): Promise<ConnectionReport> {
    const startedAt = deps.clock.now();
    const tg = await tenantGraph(deps, input.tenantId);
    const ctx: AdviceContext = {
      tenantId: tg.tenant.tenantId,
      tenantName: tg.tenant.displayName,
      clientId: tg.credential.clientId,
      credentialName: tg.credential.displayName,
      cloud: tg.cloud,
    };
    const steps: ConnectionStep[] = [];
    const skip = (id: ConnectionStep['id'], title: string) =>
      steps.push({ id, title, status: 'skipped', detail: 'Skipped: an earlier step failed.' });

    const stored = await deps.store.getSecret<{ kind?: string }>(credentialSecretKey(tg.credential.id));
    if (stored?.kind !== tg.credential.kind) {
      steps.push({
        id: 'secret',
        title: 'Secret stored',
        status: 'failed',
        detail: `Credential "${tg.credential.displayName}" has no stored ${tg.credential.kind === 'secret' ? 'client secret' : 'certificate'}.`,
        problem: 'secret_missing',
        advice: tokenAdvice('secret_missing', ctx),
      });
    } else {
      steps.push({
        id: 'secret',
        title: 'Secret stored',
        status: 'ok',
        detail:
          `Stored ${tg.credential.secretSetAt ? `on ${tg.credential.secretSetAt.slice(0, 10)}` : ''}`.trim() +
          '.',
      });
    }
    const { step, token } =
      steps[0]?.status === 'ok' ? await tokenStep(tg, ctx) : { step: undefined, token: undefined };
    if (step) steps.push(step);
    else skip('token', 'Get a token');

    if (token === undefined) {
      skip('read-catalogs', 'Read the catalogs');
      skip('read-users', 'Read users');
      skip('write-permission', 'Permission to request assignments');
    } else {
      try {
        const catalogs = await listCatalogs(tg.graph);
        steps.push({
          id: 'read-catalogs',
          title: 'Read the catalogs',
          status: 'ok',
          detail: `${catalogs.length} catalog${catalogs.length === 1 ? '' : 's'} readable.`,
        });
      } catch (error) {
        steps.push({
          id: 'read-catalogs',
          title: 'Read the catalogs',
          status: 'failed',
          ...graphFailure(
            error,
            'EntitlementManagement.Read.All (or EntitlementManagement.ReadWrite.All)',
            ctx,
          ),
        });
      }
      try {
        await tg.graph.request({
          method: 'GET',
          path: `/v1.0/users${encodeQuery({ $top: '1', $select: 'id' })}`,
          schema: z.looseObject({ value: z.array(z.unknown()) }),
        });
        steps.push({
          id: 'read-users',
          title: 'Read users',
          status: 'ok',
          detail: 'Users can be looked up (to find the requester in Entra).',
        });
      } catch (error) {
        steps.push({
          id: 'read-users',
          title: 'Read users',
          status: 'failed',
          ...graphFailure(error, 'User.Read.All', ctx),
        });
      }
      const roles = rolesOf(token);
      if (roles === undefined) {
        steps.push({
          id: 'write-permission',
          title: 'Permission to request assignments',
          status: 'skipped',
          detail:
            'The token is not a readable JWT; the first access request will show whether writes are allowed.',
        });
      } else if (roles.includes(WRITE_ROLE)) {
        steps.push({
          id: 'write-permission',
          title: 'Permission to request assignments',
          status: 'ok',
          detail: `${WRITE_ROLE} is granted.`,
        });
      } else {
        const read = roles.some((r) => READ_ROLES.includes(r));
        steps.push({
          id: 'write-permission',
          title: 'Permission to request assignments',
          status: 'failed',
          detail: `The token's roles are ${roles.length ? roles.join(', ') : 'empty'}${read ? ' (read only)' : ''}.`,
          problem: 'permission_missing',
          advice: permissionAdvice(WRITE_ROLE, ctx),
        });
      }
    }
    // Routing, on the Jira side: independent of Graph, so it runs whatever happened above.
    steps.push(await organizationLookupStep(deps, tg.tenant));
    const ok = steps.every((s) => s.status === 'ok');
    const failed = steps.find((s) => s.status === 'failed');
    await auditAdmin(deps, {
      ref: `tenant:${tg.tenant.tenantId}`,
      tenantId: tg.tenant.tenantId,
      action: 'admin.test-connection',
      outcome: ok ? 'ok' : 'failed',
      detail: failed ? `${failed.title}: ${failed.problem ?? 'failed'}` : 'all steps passed',
      startedAt,
    });
    return { tenantId: tg.tenant.tenantId, ok, steps, checkedAt: new Date(deps.clock.now()).toISOString() };
  },
});
