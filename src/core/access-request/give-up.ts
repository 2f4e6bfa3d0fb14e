// The last word on a ticket whose job kept failing: throttled past the retry window, or an error
// the app could not get past. The ticket gets a clear comment; nothing ends in silence.
import type { App } from '../app';
import { finishWithFailure } from './finish';
import { WorkflowFailure } from './failures';
import { loadTicketState, TERMINAL_PHASES, type TicketState } from './ticket-state';

export async function giveUpOnTicket(
  app: App,
  issueId: string,
  reason: 'throttled' | 'unexpected',
  error: unknown,
): Promise<void> {
  const now = app.ports.clock.now();
  const known = await loadTicketState(app.ports.store, issueId);
  if (known && TERMINAL_PHASES.has(known.phase)) return;
  // Jira accepts the issue id wherever a key is expected, so a ticket never read still gets its comment.
  const state: TicketState = known ?? {
    version: 1,
    issueId,
    issueKey: issueId,
    action: 'grant',
    requestTypeId: '',
    phase: 'received',
    receivedAt: now,
    followUps: 0,
    retries: 0,
    updatedAt: now,
  };
  const failure =
    reason === 'throttled'
      ? new WorkflowFailure('throttled', {
          customer:
            'We could not complete your request automatically. Our team has been notified and will follow up here.',
          agent:
            'Microsoft Graph (or Jira) kept asking the app to slow down, beyond the retry window. Re-run the request later.',
        })
      : new WorkflowFailure('unexpected', {
          customer:
            'We could not complete your request automatically. Our team has been notified and will follow up here.',
          agent: `The app met an error it could not get past after several attempts (${error instanceof Error ? error.name : 'error'}: ${error instanceof Error ? error.message.slice(0, 300) : ''}). Check the app's logs and the audit trail, then re-run.`,
        });
  await finishWithFailure(app, state, failure);
}
