// GET /users and GET /users/{id | userPrincipalName} (known gap (c): the Users.yml subset).
// Directory string comparisons ignore case; `ne`, `not`, `endswith`, `$count` and `$orderby`
// with `$filter` need advanced query mode: ConsistencyLevel: eventual AND $count=true, else
// 400 Request_UnsupportedQuery (learn.microsoft.com/graph/aad-advanced-queries; reference 3).
import { respondCollection, respondEntity, type GraphContext, type HandlerResult } from '../context';
import { badRequest, GraphError } from '../errors';
import { usesAdvancedOperators } from '../odata-filter';
import { userKind } from '../shapes';

export function listUsers(ctx: GraphContext): HandlerResult {
  const { options } = ctx;
  if (options.search !== undefined)
    throw badRequest('The Graph emulator does not implement $search; use $filter.');
  const advanced =
    (options.filter !== undefined && usesAdvancedOperators(options.filter)) ||
    options.count ||
    (options.orderby.length > 0 && options.filter !== undefined);
  const eventual = String(ctx.headers.consistencylevel ?? '').toLowerCase() === 'eventual';
  if (advanced && !(eventual && options.count)) {
    throw new GraphError(400, 'Request_UnsupportedQuery', 'Unsupported Query.');
  }
  return respondCollection(ctx, userKind, [...ctx.tenant.users.values()], {
    contextPath: 'users',
    caseInsensitive: () => true,
  });
}

export function getUser(ctx: GraphContext): HandlerResult {
  const key = ctx.params['user-id'] as string;
  const user = ctx.tenant.findUser(key);
  if (!user) {
    throw new GraphError(
      404,
      'Request_ResourceNotFound',
      `Resource '${key}' does not exist or one of its queried reference-property objects are not present.`,
    );
  }
  return respondEntity(ctx, userKind, user, 'users');
}
