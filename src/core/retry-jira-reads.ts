// Jira calls that are safe to repeat (GET, PUT, DELETE: reads, property and field writes) are
// repeated within the invocation when Jira answers 5xx, the connection fails, or the body is not
// JSON. Without it, a workflow step that reads the ticket four times fails whenever any one read
// does, and a job re-queued after each failure (up to MAX_UNEXPECTED times) can give up on a
// ticket Jira would have served on the next try (issue 7's fault soak). POSTs (comments, tickets,
// transitions) are never repeated here: their effects are guarded by idempotency.ts, which checks
// before doing them again. 429 is left to the queue, which honours Jira's Retry-After.
import type { Clock, HttpMethod, Jira, JiraResponse } from './ports';

const REPEATABLE: ReadonlySet<HttpMethod> = new Set(['GET', 'PUT', 'DELETE']);
const TRANSIENT: ReadonlySet<number> = new Set([500, 502, 503, 504]);
export const JIRA_ATTEMPTS = 3;
const BACKOFF_MS = 250;

/** Whether an answer (or a failure to get one) is worth one more try of a repeatable call. */
export function isTransientJiraAnswer(outcome: { response: JiraResponse } | { error: unknown }): boolean {
  if ('error' in outcome) return true; // network error or timeout: the call may be repeated
  const { status, body } = outcome.response;
  if (TRANSIENT.has(status)) return true;
  // A 2xx whose body could not be parsed arrives as its raw text (see jira/call.ts).
  return status >= 200 && status < 300 && typeof body === 'string';
}

export function retryJiraReads(jira: Jira, clock: Clock, attempts: number = JIRA_ATTEMPTS): Jira {
  return {
    async request(method, path, body) {
      if (!REPEATABLE.has(method)) return jira.request(method, path, body);
      for (let attempt = 1; ; attempt++) {
        let outcome: { response: JiraResponse } | { error: unknown };
        try {
          outcome = { response: await jira.request(method, path, body) };
        } catch (error) {
          outcome = { error };
        }
        if (attempt >= attempts || !isTransientJiraAnswer(outcome)) {
          if ('error' in outcome) throw outcome.error;
          return outcome.response;
        }
        await clock.sleep(BACKOFF_MS * attempt);
      }
    },
  };
}
