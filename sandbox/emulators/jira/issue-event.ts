// The Forge event for an issue change (forge-platform.md section 2): the slim issue, the actor as
// atlassianId, selfGenerated when the app itself made the change.
import type { ForgeIssueEvent } from './events';
import { APP_ACCOUNT_ID, ISSUE_TYPES, jiraDate, type Issue } from './model';
import type { JiraSite } from './site';
import { STATUS_CATEGORIES, statusById } from './workflow';

export function buildIssueEvent(
  site: JiraSite,
  eventType: ForgeIssueEvent['eventType'],
  issue: Issue,
  actorId: string,
): ForgeIssueEvent {
  const project = site.projects.get(issue.projectId)!;
  const issueType = ISSUE_TYPES.find((t) => t.id === issue.issueTypeId) ?? ISSUE_TYPES[0];
  const status = statusById(issue.statusId);
  const users = new Set([actorId, issue.creatorId, ...(issue.reporterId ? [issue.reporterId] : [])]);
  return {
    eventType,
    selfGenerated: actorId === APP_ACCOUNT_ID,
    timestamp: String(site.now()),
    atlassianId: actorId,
    associatedUsers: [...users].map((accountId) => ({ accountId })),
    issue: {
      id: issue.id,
      key: issue.key,
      fields: {
        summary: issue.summary,
        issueType: {
          id: issueType.id,
          name: issueType.name,
          subtask: false,
          self: `${site.baseUrl}/rest/api/3/issuetype/${issueType.id}`,
          iconUrl: `${site.baseUrl}/images/icons/issuetypes/${issueType.id}.svg`,
        },
        project: {
          id: project.id,
          key: project.key,
          name: project.name,
          projectTypeKey: project.projectTypeKey,
          simplified: false,
        },
        creator: { accountId: issue.creatorId },
        reporter: issue.reporterId ? { accountId: issue.reporterId } : null,
        assignee: null,
        status: {
          id: status.id,
          name: status.name,
          statusCategory: { ...STATUS_CATEGORIES[status.category] },
        },
        created: jiraDate(issue.created),
        updated: jiraDate(issue.updated),
      },
    },
  };
}
