// POST /rest/api/3/issue/{key}/transitions {"transition":{"id":"31"}} (forge-platform.md section 9).
// The workflow names transitions in the configuration, so look them up on the issue first: the id
// of "Resolve this issue" differs between workflows, and a missing one is reported with the list
// of what the issue does offer.
import * as z from 'zod';
import type { Jira } from '../core/ports';
import { jiraCall } from './call';
import { JiraTransitionNotFoundError } from './errors';
import { findTransition } from './find-transition';
import { getTransitions, type JiraTransition } from './get-transitions';
import { jiraPath } from './path';

/** Performs the transition; returns the one performed. */
export async function transitionIssue(
  jira: Jira,
  issueKey: string,
  nameOrId: string,
): Promise<JiraTransition> {
  const available = await getTransitions(jira, issueKey);
  const transition = findTransition(available, nameOrId);
  if (!transition) {
    throw new JiraTransitionNotFoundError(
      issueKey,
      nameOrId,
      available.map(({ id, name }) => ({ id, name })),
    );
  }
  await jiraCall(jira, 'POST', jiraPath`/rest/api/3/issue/${issueKey}/transitions`, z.unknown(), {
    transition: { id: transition.id },
  });
  return transition;
}
