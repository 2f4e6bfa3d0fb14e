// The site's priorities (names differ between sites), for the offline routes' priority per stage.
import * as z from 'zod';
import { listPriorities as listSitePriorities } from '../../jira';
import { adminOperation } from './deps';

export const listPriorities = adminOperation({
  input: z.object({}),
  async run(deps): Promise<{ id: string; name: string }[]> {
    return (await listSitePriorities(deps.jira)).map((p) => ({ id: p.id, name: p.name }));
  },
});
