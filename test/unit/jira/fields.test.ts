import { describe, expect, it } from 'vitest';
import { findFieldIdsByType, findFieldsByName } from '../../../src/jira/find-field-ids-by-type';
import type { JiraField } from '../../../src/jira/list-fields';

const fields: JiraField[] = [
  { id: 'summary', name: 'Summary', custom: false, schema: { type: 'string', system: 'summary' } },
  // A decoy: named "Organizations" but a plain text field.
  {
    id: 'customfield_10001',
    name: 'Organizations',
    custom: true,
    schema: {
      type: 'string',
      custom: 'com.atlassian.jira.plugin.system.customfieldtypes:textfield',
      customId: 10001,
    },
  },
  {
    id: 'customfield_10117',
    name: 'Organisationen',
    custom: true,
    schema: {
      type: 'array',
      items: 'sd-customerorganization',
      custom: 'com.atlassian.servicedesk:sd-customer-organizations',
      customId: 10117,
    },
  },
  {
    id: 'customfield_10230',
    name: 'Customer Request Type',
    custom: true,
    schema: {
      type: 'sd-customerrequesttype',
      custom: 'com.atlassian.servicedesk:vp-origin',
      customId: 10230,
    },
  },
  { id: 'customfield_10500', name: 'No schema', custom: true },
];

describe('findFieldIdsByType', () => {
  it('finds the JSM fields by custom type, whatever their id or (translated) name', () => {
    expect(findFieldIdsByType(fields)).toEqual({
      organizations: 'customfield_10117',
      requestType: 'customfield_10230',
    });
  });
  it('reports none on a site without JSM', () => {
    expect(findFieldIdsByType(fields.slice(0, 2))).toEqual({
      organizations: undefined,
      requestType: undefined,
    });
  });
  it('finds fields by name case-insensitively (all of them: names are not unique)', () => {
    expect(findFieldsByName(fields, ' organizations ').map((f) => f.id)).toEqual(['customfield_10001']);
  });
});
