// One service desk's request types: which mean "grant" and which "remove" is picked from these.
import * as z from 'zod';
import { listRequestTypes as listTypes } from '../../jira';
import { adminOperation } from './deps';

export interface RequestTypeChoice {
  id: string;
  name: string;
  issueTypeId?: string;
  serviceDeskId: string;
}

export const listRequestTypes = adminOperation({
  input: z.object({ serviceDeskId: z.string().regex(/^\d{1,18}$/, 'Pick a service desk.') }).strict(),
  async run(deps, input): Promise<RequestTypeChoice[]> {
    return (await listTypes(deps.jira, input.serviceDeskId))
      .map((t) => ({
        id: t.id,
        name: t.name,
        issueTypeId: t.issueTypeId,
        serviceDeskId: t.serviceDeskId ?? input.serviceDeskId,
      }))
      .sort((a, b) => a.name.localeCompare(b.name));
  },
});
