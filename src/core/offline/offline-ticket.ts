// What the app remembers about an offline-app ticket: enough to resume the right Entra request
// stage when the ticket is done, and to warn before Entra's wait times out. The issue property
// `accessBridgeCallout` mirrors the link for agents and automation.
import * as z from 'zod';
import type { Store } from '../ports';
import { scanPrefix } from '../scan-prefix';

export const CALLOUT_PROPERTY_KEY = 'accessBridgeCallout';

export const OfflineTicketSchema = z.object({
  issueId: z.string(),
  issueKey: z.string(),
  tenantId: z.string(),
  routeId: z.string(),
  stage: z.string(),
  requestId: z.string(),
  stageInstanceId: z.string(),
  accessPackageName: z.string().optional(),
  /** When Entra started waiting (the callout's arrival). */
  receivedAt: z.number(),
  /** When Entra stops waiting (receivedAt + the callout's timeout, 14 days at most). */
  timeoutAt: z.number(),
  /** Whether Entra waits for a resume (the callout carried a callback configuration). */
  awaitsResume: z.boolean().default(true),
  /** Set once the resume (or denial) went to Entra, or the stage needs none. */
  closed: z.boolean().default(false),
  warned: z.boolean().default(false),
});
export type OfflineTicket = z.infer<typeof OfflineTicketSchema>;

const key = (issueId: string) => `offline:issue:${issueId}`;

/**
 * The mark the issue-updated trigger sets when it queues a ticket's resume (one job per ticket).
 * Cleared when the job finds the ticket reopened, so the next resolution queues it again.
 */
export const resumeQueuedKey = (issueId: string, stageInstanceId: string) =>
  `queued:resume:${issueId}:${stageInstanceId}`;
const OPEN_PREFIX = 'offline:open:';

export async function loadOfflineTicket(store: Store, issueId: string): Promise<OfflineTicket | undefined> {
  const parsed = OfflineTicketSchema.safeParse(await store.get(key(issueId)));
  return parsed.success ? parsed.data : undefined;
}

export async function saveOfflineTicket(store: Store, ticket: OfflineTicket): Promise<void> {
  await store.set(key(ticket.issueId), ticket, { ttlSeconds: 120 * 24 * 3600 });
  if (ticket.closed) await store.delete(`${OPEN_PREFIX}${ticket.issueId}`);
  else await store.set(`${OPEN_PREFIX}${ticket.issueId}`, ticket.issueId, { ttlSeconds: 30 * 24 * 3600 });
}

export async function openOfflineTicketIds(store: Store): Promise<string[]> {
  return (await scanPrefix<string>(store, OPEN_PREFIX)).map((entry) => entry.value);
}
