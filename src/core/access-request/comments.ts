// Comments on the ticket: a short plain public one for the customer, an internal one with the
// details agents need. Each is posted once per step, whatever the redeliveries (idempotency.ts).
import type { Clock, Jira, Store } from '../ports';
import { addComment, bulletList, code, doc, paragraph, text } from '../../jira';
import { effectKey, once } from '../idempotency';

export interface CommentSet {
  /** The customer's words. */
  customer?: string;
  /** The agents' words and the facts (ids, states, timings) as a list. */
  agent?: string;
  facts?: Record<string, string | number | undefined>;
}

function factsList(facts: Record<string, string | number | undefined>) {
  const items = Object.entries(facts)
    .filter(([, value]) => value !== undefined && value !== '')
    .map(([label, value]) => [...text(`${label}: `), ...code(String(value))]);
  return bulletList(items);
}

/** Posts the set's comments for `step` once each. */
export async function postComments(
  deps: { jira: Jira; store: Store; clock: Clock },
  issue: { issueId: string; issueKey: string },
  step: string,
  comments: CommentSet,
): Promise<void> {
  if (comments.customer) {
    const body = doc(paragraph(comments.customer));
    await once(deps, effectKey(issue.issueId, step, 'public'), () =>
      addComment(deps.jira, issue.issueKey, { adf: body, internal: false }),
    );
  }
  if (comments.agent || comments.facts) {
    const body = doc(paragraph(...text(`Access Bridge: ${comments.agent ?? ''}`)), factsList(comments.facts ?? {}));
    await once(deps, effectKey(issue.issueId, step, 'internal'), () =>
      addComment(deps.jira, issue.issueKey, { adf: body, internal: true }),
    );
  }
}
