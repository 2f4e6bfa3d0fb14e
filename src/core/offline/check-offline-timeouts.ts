// The daily check: an offline ticket still open when Entra's wait is close to its timeout gets a
// higher priority and a comment, once; one whose wait has run out says so and stops waiting.
import type { Jira, Ports } from '../ports';
import { loadConfig } from '../config-store';
import { tenantById } from '../../config/route-tenant';
import { CLOUD_NAMES, resumeAvailableIn } from '../../graph';
import { getIssue, listPriorities, setIssuePriority } from '../../jira';
import { postComments } from '../access-request/comments';
import { formatDay } from '../access-request/schedule';
import { loadOfflineTicket, openOfflineTicketIds, saveOfflineTicket } from './offline-ticket';

export async function checkOfflineTimeouts(
  ports: Ports,
): Promise<{ open: number; warned: number; expired: number }> {
  const config = await loadConfig(ports.store);
  const warnMs = config.settings.offlineWarnDaysBeforeTimeout * 24 * 3600_000;
  const now = ports.clock.now();
  let warned = 0;
  let expired = 0;
  const ids = await openOfflineTicketIds(ports.store);
  let order: Promise<string[]> | undefined;
  const priorityOrder = () =>
    (order ??= listPriorities(ports.jira).then((list) => list.map((p) => p.name.toLowerCase())));
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
      await raisePriority(ports.jira, ticket.issueKey, route?.priorities.removed ?? 'High', priorityOrder);
      const tenant = tenantById(config, ticket.tenantId);
      const byHand = tenant !== undefined && !resumeAvailableIn(tenant.cloud);
      await postComments(ports, ticket, 'offline-warning', {
        agent: byHand
          ? `Entra stops waiting for this ticket on ${formatDay(new Date(ticket.timeoutAt))}. ${tenant.displayName}'s cloud (${CLOUD_NAMES[tenant.cloud]}) has no resume call: complete the request in Entra by hand before then, or it fails and the user must ask again.`
          : `Entra stops waiting for this ticket on ${formatDay(new Date(ticket.timeoutAt))}. Resolve it before then, or the request fails and the user must ask again.`,
      });
      await saveOfflineTicket(ports.store, { ...ticket, warned: true });
      warned++;
    }
  }
  ports.log.event('info', 'offline.timeouts-checked', { open: ids.length, warned, expired });
  return { open: ids.length, warned, expired };
}

/**
 * Raises, never lowers: an agent may already have set a higher priority. The site's priorities
 * come highest first (GET /rest/api/3/priority); an unknown name is set as configured.
 */
async function raisePriority(
  jira: Jira,
  issueKey: string,
  wanted: string,
  order: () => Promise<string[]>,
): Promise<void> {
  const issue = await getIssue(jira, issueKey, ['priority']);
  const current = (issue.fields.priority as { name?: string } | null | undefined)?.name;
  const names = await order();
  const rank = (name: string | undefined) => (name === undefined ? -1 : names.indexOf(name.toLowerCase()));
  if (current !== undefined && rank(current) >= 0 && rank(wanted) >= 0 && rank(current) <= rank(wanted))
    return;
  await setIssuePriority(jira, issueKey, wanted);
}
