// The daily check: an offline ticket still open when Entra's wait is close to its timeout gets a
// higher priority and a comment, once; one whose wait has run out says so and stops waiting.
import type { Ports } from '../ports';
import { loadConfig } from '../config-store';
import { setIssuePriority } from '../../jira';
import { postComments } from '../access-request/comments';
import { formatDay } from '../access-request/schedule';
import { loadOfflineTicket, openOfflineTicketIds, saveOfflineTicket } from './offline-ticket';

export async function checkOfflineTimeouts(ports: Ports): Promise<{ open: number; warned: number; expired: number }> {
  const config = await loadConfig(ports.store);
  const warnMs = config.settings.offlineWarnDaysBeforeTimeout * 24 * 3600_000;
  const now = ports.clock.now();
  let warned = 0;
  let expired = 0;
  const ids = await openOfflineTicketIds(ports.store);
  for (const issueId of ids) {
    const ticket = await loadOfflineTicket(ports.store, issueId);
    if (!ticket || ticket.closed || !ticket.awaitsResume) continue;
    if (now >= ticket.timeoutAt) {
      await saveOfflineTicket(ports.store, { ...ticket, closed: true });
      await postComments(ports, ticket, 'offline-expired', {
        agent: `Entra stopped waiting for this ticket on ${formatDay(new Date(ticket.timeoutAt))}: request ${ticket.requestId} failed its ${ticket.stage} stage. Resolving this ticket no longer resumes it; the user must request access again.`,
      });
      expired++;
    } else if (!ticket.warned && now >= ticket.timeoutAt - warnMs) {
      const route = config.offlineApps.find((r) => r.id === ticket.routeId);
      await setIssuePriority(ports.jira, ticket.issueKey, route?.priorities.removed ?? 'High');
      await postComments(ports, ticket, 'offline-warning', {
        agent: `Entra stops waiting for this ticket on ${formatDay(new Date(ticket.timeoutAt))}. Resolve it before then, or the request fails and the user must ask again.`,
      });
      await saveOfflineTicket(ports.store, { ...ticket, warned: true });
      warned++;
    }
  }
  ports.log.event('info', 'offline.timeouts-checked', { open: ids.length, warned, expired });
  return { open: ids.length, warned, expired };
}
