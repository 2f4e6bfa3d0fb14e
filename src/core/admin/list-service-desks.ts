// The site's service desks, for the request-type and offline-route pickers.
import * as z from 'zod';
import { listServiceDesks as listDesks } from '../../jira';
import { adminOperation } from './deps';

export interface ServiceDeskChoice {
  id: string;
  projectId: string;
  projectKey: string;
  projectName: string;
}

export const listServiceDesks = adminOperation({
  input: z.object({}),
  async run(deps): Promise<ServiceDeskChoice[]> {
    return (await listDesks(deps.jira))
      .map((d) => ({
        id: d.id,
        projectId: d.projectId,
        projectKey: d.projectKey,
        projectName: d.projectName,
      }))
      .sort((a, b) => a.projectName.localeCompare(b.projectName));
  },
});
