// The site's field list as GET /rest/api/3/field returns it: the system fields the app touches,
// JSM's Organizations and Request Type fields (found by the app through schema.custom), and the
// custom fields added with addCustomField.
import { ORGANIZATIONS_FIELD_ID, REQUEST_TYPE_FIELD_ID } from './model';
import type { JiraSite } from './site';
import type { CustomFieldKind } from './model';

export interface FieldDetails {
  id: string;
  key: string;
  name: string;
  custom: boolean;
  orderable: boolean;
  navigable: boolean;
  searchable: boolean;
  clauseNames: string[];
  schema: { type: string; items?: string; system?: string; custom?: string; customId?: number };
}

function system(id: string, name: string, type: string, items?: string): FieldDetails {
  const schema: FieldDetails['schema'] = { type, system: id };
  if (items) schema.items = items;
  return {
    id,
    key: id,
    name,
    custom: false,
    orderable: true,
    navigable: true,
    searchable: true,
    clauseNames: [id],
    schema,
  };
}

function custom(id: string, name: string, schema: Omit<FieldDetails['schema'], 'customId'>): FieldDetails {
  const customId = Number(id.replace('customfield_', ''));
  return {
    id,
    key: id,
    name,
    custom: true,
    orderable: true,
    navigable: true,
    searchable: true,
    clauseNames: [`cf[${customId}]`, name],
    schema: { ...schema, customId },
  };
}

const SYSTEM_FIELDS: FieldDetails[] = [
  system('summary', 'Summary', 'string'),
  system('description', 'Description', 'string'),
  system('issuetype', 'Issue Type', 'issuetype'),
  system('project', 'Project', 'project'),
  system('reporter', 'Reporter', 'user'),
  system('creator', 'Creator', 'user'),
  system('assignee', 'Assignee', 'user'),
  system('status', 'Status', 'status'),
  system('priority', 'Priority', 'priority'),
  system('labels', 'Labels', 'array', 'string'),
  system('created', 'Created', 'datetime'),
  system('updated', 'Updated', 'datetime'),
  system('resolution', 'Resolution', 'resolution'),
];

const KIND_SCHEMA: Record<CustomFieldKind, { type: string; custom: string }> = {
  string: { type: 'string', custom: 'com.atlassian.jira.plugin.system.customfieldtypes:textfield' },
  date: { type: 'date', custom: 'com.atlassian.jira.plugin.system.customfieldtypes:datepicker' },
  option: { type: 'option', custom: 'com.atlassian.jira.plugin.system.customfieldtypes:select' },
};

export function fieldDefinitions(site: JiraSite): FieldDetails[] {
  return [
    ...SYSTEM_FIELDS,
    custom(ORGANIZATIONS_FIELD_ID, 'Organizations', {
      type: 'array',
      items: 'sd-customerorganization',
      custom: 'com.atlassian.servicedesk:sd-customer-organizations',
    }),
    custom(REQUEST_TYPE_FIELD_ID, 'Request Type', {
      type: 'sd-customerrequesttype',
      custom: 'com.atlassian.servicedesk:vp-origin',
    }),
    ...[...site.customFields.values()].map((f) => custom(f.id, f.name, KIND_SCHEMA[f.kind])),
  ];
}
