// The site's fields, for "which field holds the package, the justification, the end date".
import * as z from 'zod';
import { listFields as listSiteFields } from '../../jira';
import { adminOperation } from './deps';

export interface FieldChoice {
  id: string;
  name: string;
  custom: boolean;
  type?: string;
}

export const listFields = adminOperation({
  input: z.object({}),
  async run(deps): Promise<FieldChoice[]> {
    return (await listSiteFields(deps.jira))
      .map((f) => ({
        id: f.id,
        name: f.name,
        custom: f.custom ?? f.id.startsWith('customfield_'),
        type: f.schema?.type,
      }))
      .sort((a, b) => a.name.localeCompare(b.name));
  },
});
