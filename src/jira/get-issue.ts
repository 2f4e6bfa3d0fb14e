// GET /rest/api/3/issue/{idOrKey}?fields=...&expand=schema. The trigger's event is slim, so the
// workflow reads the reporter, status, Organizations and Request Type here
// (forge-platform.md section 2). `expand=schema` tells, for each returned field, its custom type,
// so the JSM fields are recognised by type (find-field-ids-by-type.ts) without a second call.
import * as z from 'zod';
import type { Jira } from '../core/ports';
import { jiraCall } from './call';
import { JiraMalformedResponseError } from './errors';
import { ORGANIZATIONS_FIELD_TYPE, REQUEST_TYPE_FIELD_TYPE } from './find-field-ids-by-type';
import { jiraPath, withQuery } from './path';
import {
  JiraIdSchema,
  JiraIssueTypeRefSchema,
  JiraOrganizationSchema,
  JiraProjectRefSchema,
  JiraStatusSchema,
  JiraUserSchema,
  type JiraIssueTypeRef,
  type JiraOrganization,
  type JiraProjectRef,
  type JiraStatus,
  type JiraUser,
} from './schemas';

export interface JiraIssue {
  id: string;
  key: string;
  /** Every returned field, raw, by field id. */
  fields: Record<string, unknown>;
  /** Field id -> custom type key (from expand=schema), for the custom fields returned. */
  fieldTypes: Record<string, string>;
  // The typed views below are present only when the field was requested and returned.
  summary?: string;
  /** null: no reporter (anonymous or deleted). */
  reporter?: JiraUser | null;
  status?: JiraStatus;
  project?: JiraProjectRef;
  issuetype?: JiraIssueTypeRef;
  /** The JSM request type id; null when the issue was not raised as a JSM request. */
  requestTypeId?: string | null;
  /** The Organizations field; [] when empty. */
  organizations?: JiraOrganization[];
}

const IssueSchema = z.looseObject({
  id: JiraIdSchema,
  key: z.string(),
  fields: z.record(z.string(), z.unknown()).default({}),
  schema: z.record(z.string(), z.looseObject({ custom: z.string().optional() })).optional(),
});

const RequestTypeValueSchema = z
  .looseObject({ requestType: z.looseObject({ id: JiraIdSchema }).optional() })
  .nullable();

function typed<T extends z.ZodType>(schema: T, value: unknown, field: string, key: string): z.infer<T> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new JiraMalformedResponseError(
    `Jira returned issue ${key} with a field "${field}" the app does not understand.`,
    { status: 200, method: 'GET', path: `/rest/api/3/issue/${key}` },
    { cause: parsed.error },
  );
}

/** `fields`: field ids to return (e.g. ['reporter', 'status', orgFieldId]); [] returns all. */
export async function getIssue(
  jira: Jira,
  issueIdOrKey: string,
  fields: readonly string[],
): Promise<JiraIssue> {
  const path = withQuery(jiraPath`/rest/api/3/issue/${issueIdOrKey}`, {
    fields: fields.length ? fields : undefined,
    expand: 'schema',
  });
  const { data } = await jiraCall(jira, 'GET', path, IssueSchema);
  const fieldTypes: Record<string, string> = {};
  for (const [id, s] of Object.entries(data.schema ?? {})) if (s.custom) fieldTypes[id] = s.custom;

  const f = data.fields;
  const issue: JiraIssue = { id: data.id, key: data.key, fields: f, fieldTypes };
  if ('summary' in f) issue.summary = typed(z.string().nullable(), f.summary, 'summary', data.key) ?? '';
  if ('reporter' in f) issue.reporter = typed(JiraUserSchema.nullable(), f.reporter, 'reporter', data.key);
  if ('status' in f) issue.status = typed(JiraStatusSchema, f.status, 'status', data.key);
  if ('project' in f) issue.project = typed(JiraProjectRefSchema, f.project, 'project', data.key);
  if ('issuetype' in f) issue.issuetype = typed(JiraIssueTypeRefSchema, f.issuetype, 'issuetype', data.key);

  for (const [id, type] of Object.entries(fieldTypes)) {
    if (!(id in f)) continue;
    if (type === REQUEST_TYPE_FIELD_TYPE) {
      issue.requestTypeId = typed(RequestTypeValueSchema, f[id], id, data.key)?.requestType?.id ?? null;
    } else if (type === ORGANIZATIONS_FIELD_TYPE) {
      issue.organizations = typed(z.array(JiraOrganizationSchema).nullable(), f[id], id, data.key) ?? [];
    }
  }
  return issue;
}
