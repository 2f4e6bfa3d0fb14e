// For a removal request: the requestable packages the caller holds now. The caller's email (from
// Jira, by the context's account id) finds their Entra user; their delivered assignments are read
// one allowed package at a time, because a catalog-scoped caller must filter assignments on
// accessPackage/id (graph-entitlement.md 1.6), and that also keeps the answer inside the
// allow-list. Never cached: it is about one person, and changes when access is granted or removed.
import type { Tenant } from '../../config/schema';
import { AmbiguousUserError, findUser, listAssignments, type GraphClient } from '../../graph';
import { getUser } from '../../jira';
import type { Explanation, PortalDeps } from './deps';
import { inBatches, type PackageChoice } from './requestable-packages';

export interface HeldPackage extends PackageChoice {
  /** When the assignment ends, if it does (ISO date-time). */
  endDateTime?: string;
}

export type HeldExplanation = Explanation<'email-unknown' | 'user-not-found'>;

const HELD_STATES = new Set(['delivered', 'partiallydelivered']);
const CONCURRENCY = 6;

export async function heldPackages(
  deps: PortalDeps,
  graph: GraphClient,
  tenant: Tenant,
  allowed: readonly PackageChoice[],
): Promise<{ ok: true; packages: HeldPackage[] } | { ok: false; explanation: HeldExplanation }> {
  const email = (await getUser(deps.jira, deps.caller.accountId)).emailAddress;
  if (!email) {
    return {
      ok: false,
      explanation: {
        status: 'email-unknown',
        message:
          'We cannot see the email address of your account, so we cannot look up your access. Describe the access to remove and the service desk will follow up.',
      },
    };
  }
  let user;
  try {
    user = await findUser(graph, email);
  } catch (error) {
    if (!(error instanceof AmbiguousUserError)) throw error;
  }
  if (!user || user.accountEnabled === false) {
    deps.log.event('info', 'portal.user-not-found', { tenantId: tenant.tenantId });
    return {
      ok: false,
      explanation: {
        status: 'user-not-found',
        message:
          "We could not find your account in your organization's directory. Describe the access to remove and the service desk will follow up.",
      },
    };
  }
  const userId = user.id;
  const held: HeldPackage[] = [];
  await inBatches(allowed, CONCURRENCY, async (pkg) => {
    const assignments = await listAssignments(graph, { accessPackageId: pkg.id, userId });
    const active = assignments.find((a) => HELD_STATES.has((a.state ?? '').toLowerCase()));
    if (active) held.push({ ...pkg, endDateTime: active.schedule?.expiration?.endDateTime ?? undefined });
  });
  return {
    ok: true,
    packages: held.sort((a, b) => a.displayName.localeCompare(b.displayName) || a.id.localeCompare(b.id)),
  };
}
