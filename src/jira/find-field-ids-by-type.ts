// JSM's own fields have site-specific ids (customfield_10002 on one site, customfield_10117 on
// another), so they are found by their custom type, never by a hard-coded id
// (forge-platform.md section 9, "Fallback: orgs on the request").
import type { JiraField } from './list-fields';

export const ORGANIZATIONS_FIELD_TYPE = 'com.atlassian.servicedesk:sd-customer-organizations';
export const REQUEST_TYPE_FIELD_TYPE = 'com.atlassian.servicedesk:vp-origin';

export interface JsmFieldIds {
  /** The Organizations field (value `[{id, name}]`), when the site has JSM. */
  organizations?: string;
  /** The Customer Request Type field (value `{ requestType: { id } }`). */
  requestType?: string;
}

/** The first field of each JSM type; undefined when the site has none (no JSM). */
export function findFieldIdsByType(fields: readonly JiraField[]): JsmFieldIds {
  const byType = (type: string) => fields.find((f) => f.schema?.custom === type)?.id;
  return { organizations: byType(ORGANIZATIONS_FIELD_TYPE), requestType: byType(REQUEST_TYPE_FIELD_TYPE) };
}

/** Fields whose name matches, case-insensitively (names are not unique in Jira). */
export function findFieldsByName(fields: readonly JiraField[], name: string): JiraField[] {
  const wanted = name.trim().toLowerCase();
  return fields.filter((f) => f.name.trim().toLowerCase() === wanted);
}
