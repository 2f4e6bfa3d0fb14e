// An index of tickets whose Entra request is being followed, so the hourly schedule can find a
// follow-up chain that was lost (queue retention exceeded) without scanning every ticket ever.
import type { Store } from '../ports';
import { scanPrefix } from '../scan-prefix';

const PREFIX = 'open:';

export const rememberOpenTicket = (store: Store, issueId: string): Promise<void> =>
  store.set(`${PREFIX}${issueId}`, issueId);
export const forgetOpenTicket = (store: Store, issueId: string): Promise<void> =>
  store.delete(`${PREFIX}${issueId}`);

export async function openTicketIds(store: Store): Promise<string[]> {
  return (await scanPrefix<string>(store, PREFIX)).map((entry) => entry.value);
}
