// Comments on the ticket: a short plain public one for the customer, an internal one with the
// details agents need. Each is posted once per step, whatever the redeliveries (idempotency.ts).
import type { Clock, Jira, Store } from '../ports';
import {
  addComment,
  bulletList,
  code,
  doc,
  getCommentsByIds,
  listComments,
  paragraph,
  quotedText,
  text,
  type AdfDoc,
} from '../../jira';
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

/** The comment property that names the effect a comment performs, so a retry can find it. */
export const EFFECT_PROPERTY = 'accessBridge.effect';

/** Jira's clock and ours may differ: look this much further back than the first claim. */
const CLOCK_SKEW_MS = 60 * 60 * 1000;

/**
 * One comment, once: a retry after a lost answer finds the comment by its effect property
 * instead of posting it again. Two documented calls: the issue's comments since the effect was
 * first claimed (newest first, usually one page), then those comments' properties by id
 * (POST /rest/api/3/comment/list?expand=properties), skipped when there is no such comment.
 */
async function commentOnce(
  deps: { jira: Jira; store: Store; clock: Clock },
  issueKey: string,
  key: string,
  adf: AdfDoc,
  internal: boolean,
): Promise<string> {
  return once(
    deps,
    key,
    () =>
      addComment(deps.jira, issueKey, {
        adf,
        internal,
        properties: [{ key: EFFECT_PROPERTY, value: { key } }],
      }),
    {
      reconcile: async (record) => {
        const since = record.firstAt ?? (record.at || undefined);
        const recent = await listComments(deps.jira, issueKey, {
          createdSince: since === undefined ? undefined : since - CLOCK_SKEW_MS,
        });
        if (recent.length === 0) return undefined;
        const withProperties = await getCommentsByIds(
          deps.jira,
          recent.map((c) => c.id),
        );
        return withProperties.find(
          (c) => (c.properties[EFFECT_PROPERTY] as { key?: unknown } | undefined)?.key === key,
        )?.id;
      },
    },
  );
}

/** Posts the set's comments for `step` once each. */
export async function postComments(
  deps: { jira: Jira; store: Store; clock: Clock },
  issue: { issueId: string; issueKey: string },
  step: string,
  comments: CommentSet,
): Promise<void> {
  if (comments.customer) {
    await commentOnce(
      deps,
      issue.issueKey,
      effectKey(issue.issueId, step, 'public'),
      // Customer words arrive quoted (quote-customer-text.ts): set as inline code, never as links.
      doc(paragraph(...quotedText(comments.customer))),
      false,
    );
  }
  if (comments.agent || comments.facts) {
    const body = doc(
      paragraph(...quotedText(`Access Bridge: ${comments.agent ?? ''}`)),
      factsList(comments.facts ?? {}),
    );
    await commentOnce(deps, issue.issueKey, effectKey(issue.issueId, step, 'internal'), body, true);
  }
}
