// What every admin operation works with: the ports, the web trigger's URL (Forge:
// webTrigger.getUrl; sandbox: its local route) and who is acting (for the audit trail). The
// caller's admin rights are checked before any operation runs (src/forge/resolvers).
import type { Ports } from '../ports';
import { appendAudit, type AuditEntry } from '../audit';
import { operationFor } from '../operation';

export type AdminDeps = Ports & {
  webTriggerUrl(): Promise<string>;
  actor: { accountId: string };
  /**
   * Set by the Forge resolver only. On Forge the app may call only the hosts its manifest declares
   * (permissions.external.fetch.backend), so a `custom` cloud, whose hosts an admin types in, cannot
   * work there: it is for the sandbox and the tests, which leave this unset.
   * https://developer.atlassian.com/platform/forge/runtime-egress-permissions/
   */
  onForge?: boolean;
};

export const adminOperation = operationFor<AdminDeps>();

/** One audit entry of kind 'admin', naming the actor. */
export async function auditAdmin(
  deps: AdminDeps,
  entry: {
    ref: string;
    action: string;
    outcome: AuditEntry['outcome'];
    tenantId?: string;
    detail?: string;
    startedAt?: number;
  },
): Promise<void> {
  const by = `by ${deps.actor.accountId}`;
  await appendAudit(deps, {
    kind: 'admin',
    ref: entry.ref,
    tenantId: entry.tenantId,
    action: entry.action,
    outcome: entry.outcome,
    durationMs: entry.startedAt === undefined ? undefined : deps.clock.now() - entry.startedAt,
    detail: entry.detail ? `${entry.detail} (${by})` : by,
  });
}
