// What tests read back from the site: issues, comments (with the internal flag and the text of
// their ADF) and issue properties, as plain copies.
import { plainTextOf } from './adf';
import type { CommentView, IssueView } from './api';
import { PRIORITIES, jiraDate, type Issue } from './model';
import type { JiraSite } from './site';
import { statusById } from './workflow';

export function issueView(site: JiraSite, issue: Issue): IssueView {
  const status = statusById(issue.statusId);
  return {
    id: issue.id,
    key: issue.key,
    projectKey: site.projects.get(issue.projectId)!.key,
    issueTypeId: issue.issueTypeId,
    summary: issue.summary,
    description: issue.description ? plainTextOf(issue.description) : '',
    status: status.name,
    statusCategory: status.category,
    reporterId: issue.reporterId,
    requestTypeId: issue.requestTypeId,
    organizationIds: [...issue.organizationIds],
    priority: PRIORITIES.find((p) => p.id === issue.priorityId)?.name ?? 'Medium',
    labels: [...issue.labels],
    custom: structuredClone(Object.fromEntries(issue.custom)),
    created: jiraDate(issue.created),
    updated: jiraDate(issue.updated),
  };
}

export function commentViews(issue: Issue): CommentView[] {
  return issue.comments.map((c) => ({
    id: c.id,
    internal: c.internal,
    text: plainTextOf(c.body),
    body: structuredClone(c.body),
    authorId: c.authorId,
    properties: structuredClone(Object.fromEntries(c.properties)),
  }));
}
