// The hourly safety net: a follow-up chain can be lost (queue retention exceeded, a push that
// failed after the state was saved). Any open ticket whose next check is long overdue gets its
// check queued again; the sequence number keeps it from doubling a chain that is still alive.
// It also takes over chains that ended on purpose: after FOLLOW_UP_CHAIN_BUDGET pushes a follow-up
// chain stops (Forge allows 1,000 pushes per chain of invocations), and this scheduled invocation
// queues the next check as the first push of a fresh chain (its job carries no hops).
// It also keeps the audit trail within its configured size.
import type { Ports } from '../ports';
import { loadTicketState } from './ticket-state';
import { openTicketIds, forgetOpenTicket } from './open-tickets';
import { pruneAudit } from '../audit';
import { loadConfig } from '../config-store';

/** A check this late means its chain is gone (the longest delay is 900 s). */
const OVERDUE_MS = 30 * 60_000;

export async function runFollowUps(
  ports: Ports,
): Promise<{ checked: number; requeued: number; auditPruned: number }> {
  const now = ports.clock.now();
  let requeued = 0;
  const ids = await openTicketIds(ports.store);
  for (const issueId of ids) {
    const state = await loadTicketState(ports.store, issueId);
    if (!state || state.phase !== 'submitted') {
      await forgetOpenTicket(ports.store, issueId);
      continue;
    }
    const due = state.nextCheckAt ?? state.submittedAt ?? state.updatedAt;
    if (now - due < OVERDUE_MS) continue;
    await ports.queue.push([{ type: 'follow-up', issueId, seq: state.followUps }]);
    requeued++;
  }
  // The audit trail is bounded here rather than on every write (appendAudit stays one write).
  const auditPruned = await pruneAudit(ports.store, (await loadConfig(ports.store)).settings.auditLimit);
  ports.log.event('info', 'follow-ups.swept', { checked: ids.length, requeued, auditPruned });
  return { checked: ids.length, requeued, auditPruned };
}
