// GET /domains (learn.microsoft.com/graph/api/domain-list): the tenant's domains, verified or
// not, paged like every collection. Needs Domain.Read.All (auth.ts). Not implemented: $search.
import { respondCollection, type GraphContext, type HandlerResult } from '../context';
import { badRequest } from '../errors';
import { domainKind } from '../shapes';

export function listDomains(ctx: GraphContext): HandlerResult {
  if (ctx.options.search !== undefined)
    throw badRequest('The Graph emulator does not implement $search; use $filter.');
  return respondCollection(ctx, domainKind, [...ctx.tenant.domains.values()], {
    contextPath: 'domains',
    // Domain names are compared without case, like every directory string.
    caseInsensitive: () => true,
  });
}
