// Validates requests and responses against a committed contract extract (test/contracts/README.md)
// with Ajv 8. Used by the Graph emulator (every request it serves) and by the Jira emulator and
// tests (what the app sends to /rest/api/3). Known gaps are declared in known-gaps.ts.
import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { KNOWN_GAPS } from './known-gaps';
import { normalizeDoc, type Flavour, type Json, type JsonObject, type OpenApiDoc } from './openapi-normalize';
import { createPathMatcher, type PathMatchOutcome } from './path-match';
import { parseQueryString, splitTopLevel, QueryStringError } from './query-string';

export { KNOWN_GAPS } from './known-gaps';
export type { OpenApiDoc } from './openapi-normalize';
export { parseQueryString, formatQueryString, splitTopLevel } from './query-string';

export type ContractName = 'identity-governance' | 'identity-directory-management' | 'jira-platform';

/** A fresh copy of a committed extract (test/contracts/<name>.extract.json). */
export function loadExtract(name: ContractName): OpenApiDoc {
  const url = new URL(`./${name}.extract.json`, import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as OpenApiDoc;
}

/**
 * Graph's modules are one API at one base URL: 'identity-governance' loads the entitlement
 * extract with the other Graph module extracts (/domains) merged in, so one validator and one
 * emulator serve every Graph call the app makes. Components generated from the same CSDL are
 * identical; the governance copy wins if one ever differs.
 */
const GRAPH_MODULES: ContractName[] = ['identity-directory-management'];

/** The contract a validator checks against (Graph: the merged modules). */
export function loadContract(name: ContractName): OpenApiDoc {
  const doc = loadExtract(name);
  if (name !== 'identity-governance') return doc;
  for (const module of GRAPH_MODULES) {
    const other = loadExtract(module);
    for (const [path, item] of Object.entries(other.paths)) doc.paths[path] ??= item;
    const into = (doc.components ??= {}) as Record<string, Record<string, unknown>>;
    for (const [section, entries] of Object.entries(other.components ?? {})) {
      const target = (into[section] ??= {});
      for (const [key, value] of Object.entries(entries as Record<string, unknown>)) target[key] ??= value;
    }
  }
  return doc;
}

export interface ContractValidatorOptions {
  /** Prefix of every request path before the contract's templates: '/v1.0' for Graph, '' for Jira. */
  pathPrefix?: string;
  /** 'graph' applies KNOWN_GAPS and Graph's conventions; default from the doc's servers. */
  flavour?: Flavour;
  /**
   * Undeclared query parameters: 'error' reports them. Graph ignores unknown custom parameters,
   * so for 'graph' only undeclared `$` options are reported; default 'error'.
   */
  unknownQuery?: 'error' | 'ignore';
}

export interface MatchOptions {
  pathPrefix?: string;
  /** Alias of pathPrefix, for Graph callers. */
  graphPrefix?: string;
}

export type ContractOperation = JsonObject;

export interface ContractMatch {
  method: string;
  operation: ContractOperation;
  operationId?: string;
  pathTemplate: string;
  params: Record<string, string>;
}

export type QueryInput = string | URLSearchParams | Map<string, string> | Record<string, string | undefined>;

export interface ContractValidator {
  /** The normalized document (known gaps merged), for callers that read schemas. */
  readonly doc: OpenApiDoc;
  readonly pathPrefix: string;
  readonly flavour: Flavour;
  match(method: string, pathWithoutQuery: string, options?: MatchOptions): ContractMatch | undefined;
  /** Like match, but says why nothing matched: no template, or a method the template lacks (405). */
  resolve(method: string, pathWithoutQuery: string, options?: MatchOptions): ResolveOutcome;
  validateRequest(method: string, path: string, query: QueryInput, body: unknown): string[];
  validateResponse(method: string, path: string, status: number, body: unknown): string[];
  /** Validates a value against `#/components/schemas/<name>`. */
  validateSchema(name: string, value: unknown): string[];
  /** Declared property names of a schema (allOf branches merged), for $select/$filter checks. */
  schemaProperties(name: string): Map<string, JsonObject> | undefined;
}

export type ResolveOutcome =
  | { kind: 'match'; match: ContractMatch }
  | { kind: 'no-path'; unmatchedSegment: string; badEncoding: boolean }
  | { kind: 'no-method'; pathTemplate: string; allowed: string[] };

const SCHEMA_ID = 'https://contracts.access-bridge.local/doc.json';
const MAX_PROBLEMS = 25;
// ajv-formats ships as CommonJS with a default export; under ESM interop it may arrive wrapped.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (
  ajv: Ajv,
) => Ajv;

export function createContractValidator(
  input: OpenApiDoc,
  options: ContractValidatorOptions = {},
): ContractValidator {
  const flavour: Flavour =
    options.flavour ?? (input.servers?.some((s) => s.url.includes('graph.microsoft')) ? 'graph' : 'plain');
  const defaultPrefix = options.pathPrefix ?? (flavour === 'graph' ? '/v1.0' : '');
  const unknownQuery = options.unknownQuery ?? 'error';
  const doc = normalizeDoc(input, flavour);

  const ajv = new Ajv({ strict: false, allErrors: true, logger: false });
  addFormats(ajv);
  // OpenAPI/Graph number and string formats Ajv does not know: the type already constrains them.
  for (const format of [
    'int8',
    'int16',
    'int32',
    'int64',
    'float',
    'double',
    'decimal',
    'base64url',
    'byte',
    'binary',
    'uint8',
  ]) {
    ajv.addFormat(format, true);
  }
  ajv.addSchema({ ...(doc as unknown as JsonObject), $id: SCHEMA_ID } as object);
  const compiled = new Map<string, ValidateFunction>();
  const compileAt = (pointer: string[]): ValidateFunction => {
    const ref = `${SCHEMA_ID}#/${pointer.map((p) => encodeURIComponent(p.replace(/~/g, '~0').replace(/\//g, '~1'))).join('/')}`;
    let fn = compiled.get(ref);
    if (!fn) {
      fn = ajv.compile({ $ref: ref });
      compiled.set(ref, fn);
    }
    return fn;
  };

  const templates: Record<string, string[]> = {};
  for (const [path, item] of Object.entries(doc.paths)) {
    templates[path] = Object.keys(item).filter((k) => ['get', 'put', 'post', 'delete', 'patch'].includes(k));
  }
  const matcher = createPathMatcher(templates, {
    caseInsensitive: flavour === 'graph',
    odataKeySegments: flavour === 'graph',
    actionNamespace: flavour === 'graph' ? KNOWN_GAPS.actionNamespace : undefined,
    systemSegmentPrefix: flavour === 'graph' ? '$' : undefined,
  });

  function resolve(method: string, path: string, opts?: MatchOptions): ResolveOutcome {
    const prefix = opts?.pathPrefix ?? opts?.graphPrefix ?? defaultPrefix;
    const lowerPath = flavour === 'graph' ? path.toLowerCase() : path;
    const lowerPrefix = flavour === 'graph' ? prefix.toLowerCase() : prefix;
    if (prefix && !(lowerPath === lowerPrefix || lowerPath.startsWith(`${lowerPrefix}/`))) {
      return {
        kind: 'no-path',
        unmatchedSegment: path.split('/').filter(Boolean)[0] ?? '',
        badEncoding: false,
      };
    }
    const outcome: PathMatchOutcome = matcher.match(path.slice(prefix.length));
    if (!outcome.ok)
      return {
        kind: 'no-path',
        unmatchedSegment: outcome.unmatchedSegment,
        badEncoding: outcome.reason === 'bad-encoding',
      };
    const m = method.toLowerCase();
    if (!outcome.methods.includes(m))
      return {
        kind: 'no-method',
        pathTemplate: outcome.pathTemplate,
        allowed: outcome.methods.map((x) => x.toUpperCase()),
      };
    const operation = doc.paths[outcome.pathTemplate]?.[m] as ContractOperation;
    return {
      kind: 'match',
      match: {
        method: m.toUpperCase(),
        operation,
        operationId: typeof operation.operationId === 'string' ? operation.operationId : undefined,
        pathTemplate: outcome.pathTemplate,
        params: outcome.params,
      },
    };
  }

  function deref(value: Json | undefined): JsonObject | undefined {
    let node = value;
    for (let i = 0; i < 10 && isObject(node) && typeof node.$ref === 'string'; i += 1) {
      node = pointerGet(doc as unknown as JsonObject, node.$ref);
    }
    return isObject(node) ? node : undefined;
  }

  function parametersOf(match: ContractMatch): JsonObject[] {
    const item = doc.paths[match.pathTemplate] as Record<string, Json>;
    const list = [
      ...((item.parameters as Json[] | undefined) ?? []),
      ...((match.operation.parameters as Json[] | undefined) ?? []),
    ];
    return list.map((p) => deref(p)).filter((p): p is JsonObject => p !== undefined);
  }

  function validateValue(schema: Json | undefined, value: unknown, label: string): string[] {
    if (!isObject(schema)) return [];
    // Parameter schemas are small and inline; compiled per call site with refs resolved against the doc.
    const key = `inline:${JSON.stringify(schema)}`;
    let fn = compiled.get(key);
    if (!fn) {
      fn = ajv.compile(rewriteRefs(schema) as object);
      compiled.set(key, fn);
    }
    return fn(value) ? [] : formatErrors(fn.errors, label);
  }

  function validateRequest(method: string, path: string, query: QueryInput, body: unknown): string[] {
    const outcome = resolve(method, path);
    if (outcome.kind === 'no-path')
      return [`no operation in the contract for path ${path} (segment '${outcome.unmatchedSegment}')`];
    if (outcome.kind === 'no-method')
      return [
        `${method.toUpperCase()} is not declared for ${outcome.pathTemplate} (allowed: ${outcome.allowed.join(', ')})`,
      ];
    const match = outcome.match;
    const problems: string[] = [];
    let params: Map<string, string>;
    try {
      params = toQueryMap(query, problems);
    } catch (error) {
      return [error instanceof QueryStringError ? error.message : String(error)];
    }
    const declared = parametersOf(match);
    const declaredQuery = new Set<string>();
    for (const param of declared) {
      const name = String(param.name);
      if (param.in === 'path') {
        const value = match.params[name];
        if (value === undefined) problems.push(`path parameter ${name} is missing`);
        else problems.push(...validateValue(param.schema, value, `path parameter ${name}`));
      } else if (param.in === 'query') {
        declaredQuery.add(name);
        const raw = params.get(name);
        if (raw === undefined) {
          if (param.required === true) problems.push(`query parameter ${name} is required`);
          continue;
        }
        const coerced = coerceQueryValue(raw, param);
        if (coerced.problem) problems.push(`query parameter ${name}: ${coerced.problem}`);
        else problems.push(...validateValue(param.schema, coerced.value, `query parameter ${name}`));
      }
    }
    if (unknownQuery === 'error') {
      for (const name of params.keys()) {
        if (declaredQuery.has(name)) continue;
        if (flavour === 'graph' && !name.startsWith('$')) continue;
        problems.push(`query parameter ${name} is not declared for ${match.method} ${match.pathTemplate}`);
      }
    }
    const requestBody = deref(match.operation.requestBody);
    if (!requestBody) {
      if (body !== undefined && body !== null && body !== '')
        problems.push(`${match.method} ${match.pathTemplate} takes no request body`);
    } else if (body === undefined || body === null || body === '') {
      if (requestBody.required === true) problems.push('request body is required');
    } else {
      const pointer = contentSchemaPointer(match.operation.requestBody as JsonObject, [
        'paths',
        match.pathTemplate,
        match.method.toLowerCase(),
        'requestBody',
      ]);
      if (pointer) {
        const fn = compileAt(pointer);
        if (!fn(body)) problems.push(...formatErrors(fn.errors, 'request body'));
      }
    }
    return problems.slice(0, MAX_PROBLEMS);
  }

  /**
   * JSON pointer to the JSON schema of a request body or response, following one components
   * $ref (Graph writes `$ref: '#/components/responses/error'`); undefined without JSON content.
   */
  function contentSchemaPointer(raw: JsonObject, inlinePointer: string[]): string[] | undefined {
    const pointer =
      typeof raw.$ref === 'string' ? raw.$ref.slice(2).split('/').map(unescapePointer) : inlinePointer;
    const resolved = deref(raw);
    const media = resolved ? mediaKey(resolved) : undefined;
    return media ? [...pointer, 'content', media, 'schema'] : undefined;
  }

  function validateResponse(method: string, path: string, status: number, body: unknown): string[] {
    const outcome = resolve(method, path);
    if (outcome.kind !== 'match') return [`no operation in the contract for ${method.toUpperCase()} ${path}`];
    const match = outcome.match;
    const responses = (match.operation.responses ?? {}) as JsonObject;
    const key = [String(status), `${String(status)[0]}XX`, `${String(status)[0]}xx`, 'default'].find(
      (k) => k in responses,
    );
    if (!key) return [`status ${status} is not declared for ${match.method} ${match.pathTemplate}`];
    const pointer = contentSchemaPointer(responses[key] as JsonObject, [
      'paths',
      match.pathTemplate,
      match.method.toLowerCase(),
      'responses',
      key,
    ]);
    if (!pointer) return []; // the contract declares no body for this status: nothing to check
    if (body === undefined || body === '')
      return [`response ${status} has no body but the contract declares one`];
    const fn = compileAt(pointer);
    return fn(body) ? [] : formatErrors(fn.errors, `response ${status}`).slice(0, MAX_PROBLEMS);
  }

  function validateSchema(name: string, value: unknown): string[] {
    if (!doc.components?.schemas?.[name]) return [`schema ${name} is not in the contract`];
    const fn = compileAt(['components', 'schemas', name]);
    return fn(value) ? [] : formatErrors(fn.errors, name).slice(0, MAX_PROBLEMS);
  }

  const propertyCache = new Map<string, Map<string, JsonObject> | undefined>();
  function schemaProperties(name: string): Map<string, JsonObject> | undefined {
    if (propertyCache.has(name)) return propertyCache.get(name);
    const root = doc.components?.schemas?.[name];
    let result: Map<string, JsonObject> | undefined;
    if (root) {
      result = new Map();
      collectProperties(root, result, 0);
    }
    propertyCache.set(name, result);
    return result;
  }

  function collectProperties(schema: Json | undefined, into: Map<string, JsonObject>, depth: number): void {
    const node = deref(schema);
    if (!node || depth > 8) return;
    if (isObject(node.properties)) {
      for (const [prop, def] of Object.entries(node.properties)) if (isObject(def)) into.set(prop, def);
    }
    if (Array.isArray(node.allOf)) for (const part of node.allOf) collectProperties(part, into, depth + 1);
  }

  return {
    doc,
    pathPrefix: defaultPrefix,
    flavour,
    resolve,
    match: (method, path, opts) => {
      const outcome = resolve(method, path, opts);
      return outcome.kind === 'match' ? outcome.match : undefined;
    },
    validateRequest,
    validateResponse,
    validateSchema,
    schemaProperties,
  };
}

function isObject(v: unknown): v is JsonObject {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function unescapePointer(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

function pointerGet(root: JsonObject, ref: string): Json | undefined {
  if (!ref.startsWith('#/')) return undefined;
  let node: Json | undefined = root;
  for (const key of ref.slice(2).split('/').map(unescapePointer))
    node = isObject(node) ? node[key] : undefined;
  return node;
}

function rewriteRefs(value: Json): Json {
  if (Array.isArray(value)) return value.map(rewriteRefs);
  if (!isObject(value)) return value;
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] =
      k === '$ref' && typeof v === 'string' && v.startsWith('#/') ? `${SCHEMA_ID}${v}` : rewriteRefs(v);
  }
  return out;
}

function mediaKey(holder: JsonObject): string | undefined {
  if (!isObject(holder.content)) return undefined;
  return Object.keys(holder.content).find((k) => k.includes('json') || k === '*/*');
}

function toQueryMap(query: QueryInput, problems: string[]): Map<string, string> {
  if (typeof query === 'string') {
    const parsed = parseQueryString(query);
    for (const name of parsed.duplicates) problems.push(`query parameter ${name} is given more than once`);
    return parsed.params;
  }
  if (query instanceof Map) return query;
  if (query instanceof URLSearchParams) return new Map(query.entries());
  const map = new Map<string, string>();
  for (const [k, v] of Object.entries(query)) if (v !== undefined) map.set(k, v);
  return map;
}

/** Query values are text: coerce them to the parameter's declared type before validating. */
function coerceQueryValue(raw: string, param: JsonObject): { value?: unknown; problem?: string } {
  const schema = isObject(param.schema) ? param.schema : {};
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  if (type === 'array') {
    // style: form, explode: false (the only style these contracts use for arrays): comma-separated.
    const items = isObject(schema.items) ? schema.items : {};
    const parts = splitTopLevel(raw);
    const values = parts.map((part) => coerceScalar(part, items.type));
    const bad = values.findIndex((v) => v.problem);
    return bad >= 0 ? { problem: values[bad]?.problem } : { value: values.map((v) => v.value) };
  }
  return coerceScalar(raw, type);
}

function coerceScalar(raw: string, type: Json | undefined): { value?: unknown; problem?: string } {
  if (type === 'integer')
    return /^-?\d+$/.test(raw) ? { value: Number(raw) } : { problem: `'${raw}' is not an integer` };
  if (type === 'number')
    return raw.trim() !== '' && Number.isFinite(Number(raw))
      ? { value: Number(raw) }
      : { problem: `'${raw}' is not a number` };
  if (type === 'boolean')
    return raw === 'true' || raw === 'false'
      ? { value: raw === 'true' }
      : { problem: `'${raw}' is not true or false` };
  return { value: raw };
}

function formatErrors(errors: ErrorObject[] | null | undefined, label: string): string[] {
  const out: string[] = [];
  for (const e of errors ?? []) {
    // anyOf [X, null] failures repeat as "must be null" and "must match a schema in anyOf": keep the real one.
    if (e.keyword === 'type' && (e.params as { type?: unknown }).type === 'null') continue;
    if (e.keyword === 'anyOf' || e.keyword === 'if' || e.keyword === 'allOf') continue;
    const where = e.instancePath === '' ? '' : ` at ${e.instancePath}`;
    const detail =
      e.keyword === 'enum'
        ? ` (${(e.params as { allowedValues: unknown[] }).allowedValues.filter((v) => v !== null).join(', ')})`
        : '';
    const line = `${label}${where}: ${e.message ?? e.keyword}${detail}`;
    if (!out.includes(line)) out.push(line);
  }
  return out.length > 0 ? out : [`${label}: does not match the contract`];
}
