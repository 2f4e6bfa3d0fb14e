// POST /rest/api/3/issue {"fields":{"project":{"key"},"issuetype":{"id"},"summary","description":ADF}}
// (forge-platform.md section 9): the offline-app ticket when the configuration names a project
// and issue type rather than a JSM request type.
import * as z from 'zod';
import type { Jira } from '../core/ports';
import type { AdfDoc } from './adf';
import { jiraCall } from './call';
import { JiraIdSchema } from './schemas';

export interface NewIssue {
  projectKey: string;
  issueTypeId: string;
  summary: string;
  descriptionAdf: AdfDoc;
  /** Matched by name, e.g. "High"; the site's names come from listPriorities. */
  priorityName?: string;
  /** Jira labels cannot contain spaces. */
  labels?: string[];
  /** Other fields by id, in the REST shape (e.g. { customfield_10050: 'x' }). */
  fields?: Record<string, unknown>;
}

const CreatedSchema = z.looseObject({ id: JiraIdSchema, key: z.string() });

export async function createIssue(jira: Jira, issue: NewIssue): Promise<{ id: string; key: string }> {
  const fields: Record<string, unknown> = {
    ...issue.fields,
    project: { key: issue.projectKey },
    issuetype: { id: issue.issueTypeId },
    summary: issue.summary,
    description: issue.descriptionAdf,
  };
  if (issue.priorityName !== undefined) fields.priority = { name: issue.priorityName };
  if (issue.labels !== undefined) fields.labels = issue.labels;
  const { data } = await jiraCall(jira, 'POST', '/rest/api/3/issue', CreatedSchema, { fields });
  return { id: data.id, key: data.key };
}
