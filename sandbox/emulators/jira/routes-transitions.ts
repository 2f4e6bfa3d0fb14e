// GET and POST /rest/api/3/issue/{issueIdOrKey}/transitions: only the transitions available
// from the issue's current status are listed and accepted, as on a real workflow.
import { renderStatus } from './render';
import {
  asObject,
  issueNotFound,
  jiraError,
  route,
  type RequestContext,
  type Reply,
  type Route,
} from './router';
import { APP_ACCOUNT_ID } from './model';
import { transitionsFrom } from './workflow';

function listTransitions(ctx: RequestContext): Reply {
  const issue = ctx.site.findIssue(ctx.params.issueIdOrKey ?? '');
  if (!issue) return issueNotFound();
  const only = ctx.query.get('transitionId');
  const transitions = transitionsFrom(issue.statusId)
    .filter((t) => !only || t.id === only)
    .map((t) => ({
      id: t.id,
      name: t.name,
      to: renderStatus(ctx.site, t.to),
      hasScreen: false,
      isGlobal: t.from.length > 1,
      isInitial: false,
      isAvailable: true,
      isConditional: false,
      isLooped: false,
    }));
  return { status: 200, body: { expand: 'transitions', transitions } };
}

function doTransition(ctx: RequestContext): Reply {
  const issue = ctx.site.findIssue(ctx.params.issueIdOrKey ?? '');
  if (!issue) return issueNotFound();
  const id = asObject(asObject(ctx.body)?.transition)?.id;
  if (id === undefined) return jiraError(400, ["Missing 'transition' identifier"]);
  const wanted = String(id);
  if (!transitionsFrom(issue.statusId).some((t) => t.id === wanted)) {
    return jiraError(400, [`Transition id '${wanted}' is not valid for this issue.`]);
  }
  ctx.site.transition(issue, wanted, APP_ACCOUNT_ID);
  return { status: 204 };
}

export const transitionRoutes: Route[] = [
  route('GET', '/rest/api/3/issue/{issueIdOrKey}/transitions', listTransitions),
  route('POST', '/rest/api/3/issue/{issueIdOrKey}/transitions', doTransition),
];
