// Graph's error envelope (graph-entitlement.md 1.7; learn.microsoft.com/graph/errors):
// {"error":{"code","message","innerError":{"date","request-id","client-request-id"}}}.
// Handlers throw GraphError; the server writes the envelope with the request's ids.

export class GraphError extends Error {
  readonly kind = 'graph_error' as const;
  constructor(
    readonly status: number,
    readonly graphCode: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export interface GraphErrorBody {
  error: {
    code: string;
    message: string;
    innerError: { date: string; 'request-id': string; 'client-request-id': string };
  };
}

export function graphErrorBody(
  code: string,
  message: string,
  ids: { requestId: string; clientRequestId: string; nowMs: number },
): GraphErrorBody {
  return {
    error: {
      code,
      message,
      innerError: {
        // Graph writes the date without fractional seconds.
        date: `${new Date(ids.nowMs).toISOString().slice(0, 19)}`,
        'request-id': ids.requestId,
        'client-request-id': ids.clientRequestId,
      },
    },
  };
}

export const badRequest = (message: string): GraphError => new GraphError(400, 'BadRequest', message);

export const notFound = (kind: string, id: string): GraphError =>
  // Unconfirmed for entitlement management: the reference notes 400 or 404 for unknown ids.
  new GraphError(404, 'ResourceNotFound', `No ${kind} with id '${id}' was found.`);

export const unknownProperty = (property: string, type: string): GraphError =>
  badRequest(`Could not find a property named '${property}' on type '${type}'.`);
