// The `fields` object of POST /rest/api/3/issue and PUT /rest/api/3/issue/{key}, checked the way
// Jira checks it: field errors come back by field id in `errors` (Jira's 400 shape).
import type { AdfValidator } from './adf';
import { customFieldValue } from './custom-values';
import {
  ISSUE_TYPES,
  ORGANIZATIONS_FIELD_ID,
  PRIORITIES,
  REQUEST_TYPE_FIELD_ID,
  type Project,
} from './model';
import { asObject } from './router';
import type { JiraSite } from './site';

export interface IssueFieldValues {
  project?: Project;
  issueTypeId?: string;
  summary?: string;
  description?: unknown;
  priorityId?: string;
  labels?: string[];
  organizationIds?: string[];
  custom: Map<string, unknown>;
}

const SYSTEM = new Set([
  'project',
  'issuetype',
  'summary',
  'description',
  'priority',
  'labels',
  ORGANIZATIONS_FIELD_ID,
]);

export function parseIssueFields(
  site: JiraSite,
  adf: AdfValidator,
  fields: Record<string, unknown>,
  mode: 'create' | 'edit',
): { values: IssueFieldValues; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const values: IssueFieldValues = { custom: new Map() };

  if (mode === 'edit') {
    for (const id of ['project', 'issuetype'])
      if (id in fields) errors[id] = `Field '${id}' cannot be set. Move the issue instead.`;
  } else {
    const projectRef = asObject(fields.project);
    values.project = projectRef
      ? [...site.projects.values()].find((p) => p.key === projectRef.key || p.id === String(projectRef.id))
      : undefined;
    if (!values.project) errors.project = 'valid project is required';
    const typeRef = asObject(fields.issuetype);
    values.issueTypeId = typeRef
      ? ISSUE_TYPES.find((t) => t.id === String(typeRef.id) || t.name === typeRef.name)?.id
      : undefined;
    if (!values.issueTypeId) errors.issuetype = 'valid issue type is required';
  }

  if (mode === 'create' || 'summary' in fields) {
    if (typeof fields.summary !== 'string' || fields.summary.trim() === '')
      errors.summary = 'You must specify a summary of the issue.';
    else if (fields.summary.length > 255) errors.summary = 'Summary must be less than 255 characters.';
    else values.summary = fields.summary;
  }

  if ('description' in fields) {
    if (fields.description !== null) {
      const problems = adf(fields.description);
      if (problems.length)
        errors.description = `Operation value must be an Atlassian Document: ${problems.join('; ')}`;
    }
    values.description = fields.description;
  }

  if (fields.priority !== undefined) {
    const ref = asObject(fields.priority);
    values.priorityId = PRIORITIES.find((p) => ref && (p.id === String(ref.id) || p.name === ref.name))?.id;
    if (!values.priorityId)
      errors.priority = `Specify a valid priority (${PRIORITIES.map((p) => p.name).join(', ')}).`;
  }

  if (fields.labels !== undefined) {
    if (!Array.isArray(fields.labels) || !fields.labels.every((l) => typeof l === 'string'))
      errors.labels = 'Labels must be strings.';
    else if (fields.labels.some((l) => /\s/.test(l as string)))
      errors.labels = 'The label contains spaces which is invalid.';
    else values.labels = fields.labels as string[];
  }

  if (fields[ORGANIZATIONS_FIELD_ID] !== undefined) {
    const raw = fields[ORGANIZATIONS_FIELD_ID] ?? [];
    const ids = Array.isArray(raw) ? raw.map((o) => String(asObject(o)?.id ?? o)) : [];
    if (!Array.isArray(raw) || ids.some((id) => !site.organizations.has(id)))
      errors[ORGANIZATIONS_FIELD_ID] = 'Organization does not exist.';
    values.organizationIds = ids;
  }

  for (const [id, value] of Object.entries(fields)) {
    if (SYSTEM.has(id)) continue;
    const field = site.customFields.get(id);
    if (!field || id === REQUEST_TYPE_FIELD_ID) {
      errors[id] = `Field '${id}' cannot be set. It is not on the appropriate screen, or unknown.`;
      continue;
    }
    const normalised = customFieldValue(site, field, value);
    if ('error' in normalised) errors[id] = normalised.error;
    else values.custom.set(id, normalised.value);
  }
  return { values, errors };
}
