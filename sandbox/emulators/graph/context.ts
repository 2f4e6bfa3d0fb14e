// What a handler receives, and the two ways it answers with data: a collection (filter, order,
// count, page, project) or one entity (project). Both add @odata.context as Graph does.
import type { IncomingHttpHeaders } from 'node:http';
import type { AccessTokenClaims } from '../entra-login';
import type { TenantData } from './lifecycle';
import type { EmulatedCloud } from './server';
import { getCaseInsensitive, matchesFilter } from './odata-filter';
import type { JsonObject } from '../../../test/contracts/openapi-normalize';
import {
  checkOptions,
  project,
  referencedType,
  sortViews,
  type QueryOptions,
  type SchemaLookup,
} from './odata-query';
import { checkDocumentedExpand, type UndocumentedExpand } from './documented-expand';
import { queryFingerprint, type Pager } from './paging';
import { view, type EntityKind, type View } from './shapes';

export interface GraphContext {
  method: string;
  /** Path as sent, percent-encoded, without the query. */
  path: string;
  query: Map<string, string>;
  options: QueryOptions;
  body: unknown;
  /** Contract path template and decoded path parameters. */
  pathTemplate: string;
  params: Record<string, string>;
  headers: IncomingHttpHeaders;
  tenant: TenantData;
  claims: AccessTokenClaims;
  baseUrl: string;
  /** The cloud the emulator stands for: some actions exist in the global service only. */
  cloud: EmulatedCloud;
  nowMs: number;
  pager: Pager;
  schema: SchemaLookup;
  /** A contract schema by name (enum checks). */
  schemaDef: (name: string) => JsonObject | undefined;
  /** What to do with a `$expand` the operation's page does not document (documented-expand.ts). */
  undocumentedExpand: UndocumentedExpand;
}

/** The contract's checks first (unknown or structural property), then the documentation's. */
function checkQuery(ctx: GraphContext, kind: EntityKind<unknown>): void {
  checkOptions(kind, ctx.options, ctx.schema);
  if (ctx.undocumentedExpand === 'reject')
    checkDocumentedExpand(`${ctx.method.toUpperCase()} ${ctx.pathTemplate}`, ctx.options.expand);
}

export interface HandlerResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type Handler = (ctx: GraphContext) => HandlerResult | Promise<HandlerResult>;

export interface CollectionOptions {
  /** Path after /v1.0/$metadata#, e.g. identityGovernance/entitlementManagement/accessPackages. */
  contextPath: string;
  /** Which property paths compare strings case-insensitively (directory objects, enum values). */
  caseInsensitive?: (path: string[]) => boolean;
}

export function respondCollection<T>(
  ctx: GraphContext,
  kind: EntityKind<T>,
  entities: T[],
  opts: CollectionOptions,
): HandlerResult {
  const { options } = ctx;
  checkQuery(ctx, kind as EntityKind<unknown>);
  let views = entities.map((e) => view(kind, e, ctx.tenant));
  if (options.filter) {
    const filter = options.filter;
    views = views.filter((v) => matchesFilter(filter, v, { caseInsensitive: opts.caseInsensitive }));
  }
  views = sortViews(views, options.orderby, readPath);
  const total = views.length;
  const fingerprint = queryFingerprint(ctx.method, ctx.path, ctx.query);
  const start =
    ctx.pager.start(options.skiptoken, ctx.tenant.id, fingerprint) +
    (options.skiptoken ? 0 : (options.skip ?? 0));
  const size = options.top ?? ctx.tenant.pageSize;
  const page = views.slice(start, start + size);
  const body: Record<string, unknown> = {
    '@odata.context': `${ctx.baseUrl}/v1.0/$metadata#${opts.contextPath}`,
  };
  if (options.count) body['@odata.count'] = total;
  body.value = page.map((v) => project(v, kind as EntityKind<unknown>, options.select, options.expand));
  if (start + size < total) {
    body['@odata.nextLink'] = ctx.pager.nextLink(ctx.baseUrl, ctx.path, ctx.query, {
      tenantId: ctx.tenant.id,
      fingerprint,
      offset: start + size,
    });
  }
  return { status: 200, body };
}

export function respondEntity<T>(
  ctx: GraphContext,
  kind: EntityKind<T>,
  entity: T,
  contextPath: string,
  status = 200,
): HandlerResult {
  checkQuery(ctx, kind as EntityKind<unknown>);
  const projected = project(
    view(kind, entity, ctx.tenant),
    kind as EntityKind<unknown>,
    ctx.options.select,
    ctx.options.expand,
  );
  return {
    status,
    body: { '@odata.context': `${ctx.baseUrl}/v1.0/$metadata#${contextPath}/$entity`, ...projected },
  };
}

function readPath(v: View, path: string[]): unknown {
  let current: unknown = v;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return null;
    current = getCaseInsensitive(current as Record<string, unknown>, segment);
  }
  return current ?? null;
}

/** Case-insensitive comparison for enum-typed properties (Graph accepts 'Delivered' for delivered). */
export function enumPaths(ctx: GraphContext, typeName: string): (path: string[]) => boolean {
  return (path) => {
    let type: string | undefined = typeName;
    let def: JsonObject | undefined;
    for (const segment of path) {
      const props = type ? ctx.schema(type) : undefined;
      def = props ? [...props].find(([k]) => k.toLowerCase() === segment.toLowerCase())?.[1] : undefined;
      if (!def) return false;
      type = referencedType(def);
    }
    const target = type ? ctx.schemaDef(type) : undefined;
    return Array.isArray(target?.enum);
  };
}
