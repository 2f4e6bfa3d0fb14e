// System query options ($filter, $select, $expand, $top, $skip, $count, $orderby, $skiptoken),
// parsed strictly and checked against the contract's schemas the way Graph checks them:
// an unknown property is 400 "Could not find a property named ...", expanding a structural
// property is 400, a bad filter is 400 "Invalid filter clause". learn.microsoft.com/graph/query-parameters
import { splitTopLevel } from '../../../test/contracts/query-string';
import type { JsonObject } from '../../../test/contracts/openapi-normalize';
import { badRequest, unknownProperty } from './errors';
import { FilterSyntaxError, filterPaths, parseFilter, type FilterExpr } from './odata-filter';
import type { EntityKind, View } from './shapes';

export interface ExpandItem {
  name: string;
  select?: string[];
  expand: ExpandItem[];
}

export interface OrderBy {
  path: string[];
  desc: boolean;
}

export interface QueryOptions {
  filter?: FilterExpr;
  select?: string[];
  expand: ExpandItem[];
  top?: number;
  skip?: number;
  count: boolean;
  orderby: OrderBy[];
  skiptoken?: string;
  search?: string;
}

/** Reads the declared properties of a contract schema (validator.schemaProperties). */
export type SchemaLookup = (typeName: string) => Map<string, JsonObject> | undefined;

export function parseQueryOptions(params: Map<string, string>): QueryOptions {
  const options: QueryOptions = { expand: [], count: false, orderby: [] };
  const filter = params.get('$filter');
  if (filter !== undefined) {
    try {
      options.filter = parseFilter(filter);
    } catch (error) {
      if (error instanceof FilterSyntaxError) throw badRequest(error.message);
      throw error;
    }
  }
  const select = params.get('$select');
  if (select !== undefined) options.select = parseList(select, '$select');
  const expand = params.get('$expand');
  if (expand !== undefined) options.expand = parseExpand(expand);
  const top = params.get('$top');
  if (top !== undefined) options.top = parseNonNegative(top, '$top');
  const skip = params.get('$skip');
  if (skip !== undefined) options.skip = parseNonNegative(skip, '$skip');
  const count = params.get('$count');
  if (count !== undefined) {
    if (count !== 'true' && count !== 'false')
      throw badRequest(`Invalid value '${count}' for $count: use true or false.`);
    options.count = count === 'true';
  }
  const orderby = params.get('$orderby');
  if (orderby !== undefined) {
    options.orderby = parseList(orderby, '$orderby').map((part) => {
      const [path, direction, extra] = part.split(/\s+/);
      if (!path || extra !== undefined || (direction && !/^(asc|desc)$/i.test(direction)))
        throw badRequest(`Invalid $orderby clause '${part}'.`);
      return { path: path.split('/'), desc: direction?.toLowerCase() === 'desc' };
    });
  }
  options.skiptoken = params.get('$skiptoken');
  options.search = params.get('$search');
  return options;
}

function parseList(value: string, option: string): string[] {
  const parts = splitTopLevel(value);
  if (parts.some((p) => p === '')) throw badRequest(`Syntax error in ${option}: empty item in '${value}'.`);
  return parts;
}

function parseNonNegative(value: string, option: string): number {
  if (!/^\d+$/.test(value))
    throw badRequest(`Invalid value '${value}' for ${option}: expected a non-negative integer.`);
  return Number(value);
}

/** `a,b($select=x,y;$expand=c)` -> items with nested options. */
export function parseExpand(value: string): ExpandItem[] {
  return parseList(value, '$expand').map((part) => {
    const m = /^([^()]+?)\s*(?:\((.*)\))?$/s.exec(part);
    if (!m) throw badRequest(`Parsing OData Select and Expand failed: syntax error in '${part}'.`);
    const item: ExpandItem = { name: (m[1] as string).trim(), expand: [] };
    if (item.name === '*')
      throw badRequest("Parsing OData Select and Expand failed: '*' is not supported here.");
    for (const nested of m[2] !== undefined ? splitTopLevel(m[2], ';') : []) {
      const eq = nested.indexOf('=');
      const name = nested.slice(0, eq).trim().toLowerCase();
      const inner = nested.slice(eq + 1);
      if (eq < 0) throw badRequest(`Parsing OData Select and Expand failed: syntax error in '${part}'.`);
      if (name === '$select') item.select = parseList(inner, '$select');
      else if (name === '$expand') item.expand = parseExpand(inner);
      else
        throw badRequest(
          `Parsing OData Select and Expand failed: '${name}' is not supported inside $expand.`,
        );
    }
    return item;
  });
}

/** The schema name a property points to ($ref, nullable anyOf, or array items); undefined for primitives. */
export function referencedType(def: JsonObject | undefined): string | undefined {
  if (!def) return undefined;
  const fromRef = (v: unknown) =>
    v && typeof v === 'object' && typeof (v as JsonObject).$ref === 'string'
      ? ((v as JsonObject).$ref as string).replace('#/components/schemas/', '')
      : undefined;
  const direct = fromRef(def);
  if (direct) return direct;
  for (const alt of Array.isArray(def.anyOf) ? def.anyOf : []) {
    const found = fromRef(alt);
    if (found) return found;
  }
  if (def.items && typeof def.items === 'object') return referencedType(def.items as JsonObject);
  return undefined;
}

function findProperty(
  schema: SchemaLookup,
  typeName: string,
  name: string,
): { name: string; def: JsonObject } {
  const props = schema(typeName);
  if (!props) throw badRequest(`Type '${typeName}' is not in the contract.`);
  if (props.has(name)) return { name, def: props.get(name) as JsonObject };
  const lower = name.toLowerCase();
  for (const [key, def] of props) if (key.toLowerCase() === lower) return { name: key, def };
  throw unknownProperty(name, typeName);
}

/** Checks every property the options name against the contract; returns canonical $select names. */
export function checkOptions(kind: EntityKind<unknown>, options: QueryOptions, schema: SchemaLookup): void {
  if (options.filter) {
    for (const { path, inLambdaOf } of filterPaths(options.filter)) {
      let type: string | undefined = kind.typeName;
      if (inLambdaOf) {
        type = walkPath(schema, kind.typeName, inLambdaOf, true);
        if (type === undefined) {
          if (path.length > 0)
            throw badRequest(
              `Invalid filter clause: '${path.join('/')}' reads a property of a primitive collection item.`,
            );
          continue;
        }
      }
      walkPath(schema, type, path, false);
    }
  }
  if (options.select)
    options.select = options.select.map((name) => findProperty(schema, kind.typeName, name).name);
  for (const order of options.orderby) walkPath(schema, kind.typeName, order.path, false);
  checkExpand(kind, options.expand, schema);
}

function walkPath(
  schema: SchemaLookup,
  start: string,
  path: string[],
  collectionEnd: boolean,
): string | undefined {
  let type: string | undefined = start;
  path.forEach((segment, i) => {
    if (segment.startsWith('@')) return; // annotations such as @odata.type
    if (type === undefined)
      throw badRequest(
        `Invalid filter clause: '${path.slice(0, i).join('/')}' has no property '${segment}'.`,
      );
    const prop = findProperty(schema, type, segment);
    const last = i === path.length - 1;
    if (!last && prop.def.type === 'array') {
      throw badRequest(
        `Invalid filter clause: '${prop.name}' is a collection; use ${prop.name}/any(x: ...).`,
      );
    }
    if (last && collectionEnd && prop.def.type !== 'array')
      throw badRequest(`Invalid filter clause: '${prop.name}' is not a collection.`);
    type = referencedType(prop.def);
  });
  return type;
}

function checkExpand(kind: EntityKind<unknown>, items: ExpandItem[], schema: SchemaLookup): void {
  for (const item of items) {
    const prop = findProperty(schema, kind.typeName, item.name);
    item.name = prop.name;
    const nav = kind.nav[prop.name];
    if (!nav) {
      throw badRequest(
        `Parsing OData Select and Expand failed: Property '${prop.name}' on type '${kind.typeName}' is not a navigation property or complex property. Only navigation properties can be expanded.`,
      );
    }
    const target = nav.kind();
    if (item.select && target.typeName !== 'microsoft.graph.entity')
      item.select = item.select.map((n) => findProperty(schema, target.typeName, n).name);
    checkExpand(target, item.expand, schema);
  }
}

/** The response object: selected (or default) structural properties plus expanded navigations. */
export function project(
  v: View,
  kind: EntityKind<unknown>,
  select: string[] | undefined,
  expand: ExpandItem[],
): View {
  const structural = Object.keys(v).filter((k) => !(k in kind.nav));
  const names = select ? ['id', ...select.filter((s) => s !== 'id')] : (kind.defaultSelect ?? structural);
  const out: View = {};
  for (const name of names) if (name in v && !(name in kind.nav)) out[name] = v[name];
  for (const item of expand) {
    const nav = kind.nav[item.name];
    if (!nav) continue;
    const value = v[item.name];
    const target = nav.kind();
    if (Array.isArray(value))
      out[item.name] = value.map((el) => project(el as View, target, item.select, item.expand));
    else
      out[item.name] =
        value === null || value === undefined
          ? null
          : project(value as View, target, item.select, item.expand);
  }
  return out;
}

export function sortViews(
  views: View[],
  orderby: OrderBy[],
  read: (v: View, path: string[]) => unknown,
): View[] {
  if (orderby.length === 0) return views;
  return [...views].sort((a, b) => {
    for (const { path, desc } of orderby) {
      const x = read(a, path);
      const y = read(b, path);
      if (x === y) continue;
      if (x === null || x === undefined) return desc ? 1 : -1;
      if (y === null || y === undefined) return desc ? -1 : 1;
      const order =
        String(x).toLowerCase() < String(y).toLowerCase()
          ? -1
          : String(x).toLowerCase() > String(y).toLowerCase()
            ? 1
            : 0;
      if (order !== 0) return desc ? -order : order;
    }
    return 0;
  });
}
