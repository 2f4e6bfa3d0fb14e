// Turns an OpenAPI 3.0 extract into something Ajv (JSON Schema draft-07 semantics) validates the
// way the API behaves. Every rewrite is listed here with its reason; none removes a type check on
// a declared property.
import { KNOWN_GAPS } from './known-gaps';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export interface OpenApiDoc {
  openapi: string;
  info?: JsonObject;
  servers?: { url: string }[];
  paths: Record<string, Record<string, JsonObject>>;
  components?: Record<string, Record<string, JsonObject>>;
  'x-source'?: JsonObject;
  [key: string]: unknown;
}

export type Flavour = 'graph' | 'plain';

const isObject = (v: unknown): v is JsonObject => v !== null && typeof v === 'object' && !Array.isArray(v);
const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

export function normalizeDoc(input: OpenApiDoc, flavour: Flavour): OpenApiDoc {
  const doc = structuredClone(input);
  doc.components ??= {};
  if (flavour === 'graph') applyKnownGaps(doc);
  const schemas = doc.components.schemas ?? {};
  for (const [name, schema] of Object.entries(schemas))
    schemas[name] = normalizeSchema(schema, flavour) as JsonObject;
  for (const section of ['responses', 'requestBodies'] as const) {
    for (const entry of Object.values(doc.components[section] ?? {})) normalizeContent(entry, flavour);
  }
  for (const param of Object.values(doc.components.parameters ?? {})) normalizeParam(param, flavour);
  for (const item of Object.values(doc.paths)) {
    for (const param of (item.parameters as unknown as JsonObject[] | undefined) ?? [])
      normalizeParam(param, flavour);
    for (const method of HTTP_METHODS) {
      const op = item[method];
      if (!op) continue;
      for (const param of (op.parameters as JsonObject[] | undefined) ?? []) normalizeParam(param, flavour);
      if (isObject(op.requestBody)) normalizeContent(op.requestBody, flavour);
      for (const response of Object.values((op.responses as JsonObject | undefined) ?? {})) {
        if (isObject(response)) normalizeContent(response, flavour);
      }
    }
  }
  return doc;
}

/** Merges the explicit overlay of known-gaps.ts (see the comments there, (a) to (e)). */
function applyKnownGaps(doc: OpenApiDoc): void {
  const components = doc.components as Record<string, Record<string, JsonObject>>;
  const schemas = (components.schemas ??= {});
  for (const [name, extension] of Object.entries(KNOWN_GAPS.schemaExtensions)) {
    const target = schemas[name];
    if (!target) throw new Error(`KNOWN_GAPS extends ${name}, which the extract does not contain`);
    schemas[name] = {
      allOf: [...(Array.isArray(target.allOf) ? target.allOf : [target]), extension as Json],
    };
  }
  for (const [name, schema] of Object.entries(KNOWN_GAPS.schemas)) schemas[name] ??= schema as JsonObject;
  for (const [base, derived] of Object.entries(KNOWN_GAPS.derivedTypes)) {
    const declared = schemas[base];
    if (!declared) throw new Error(`KNOWN_GAPS derives from ${base}, which the extract does not contain`);
    const branches: Json[] = derived.map((name) => ({
      if: {
        required: ['@odata.type'],
        properties: { '@odata.type': { type: 'string', pattern: `^#?microsoft\\.graph\\.${name}$` } },
      },
      then: { $ref: `#/components/schemas/microsoft.graph.${name}` },
    }));
    schemas[base] = { allOf: [declared, ...branches] };
  }
  for (const [path, item] of Object.entries(KNOWN_GAPS.paths)) {
    doc.paths[path] ??= structuredClone(item) as Record<string, JsonObject>;
  }
  for (const item of Object.values(doc.paths)) {
    for (const op of Object.values(item)) {
      if (!isObject(op) || !op['x-ms-pageable']) continue;
      op.parameters = [
        ...((op.parameters as Json[] | undefined) ?? []),
        ...(KNOWN_GAPS.pageableQuery as Json[]),
      ];
    }
  }
}

function normalizeParam(param: JsonObject, flavour: Flavour): void {
  if (isObject(param.schema)) param.schema = normalizeSchema(param.schema, flavour);
}

function normalizeContent(holder: JsonObject, flavour: Flavour): void {
  if (!isObject(holder.content)) return;
  for (const media of Object.values(holder.content)) {
    if (isObject(media) && isObject(media.schema)) media.schema = normalizeSchema(media.schema, flavour);
  }
}

/**
 * - `nullable: true` (OpenAPI 3.0) -> `type: [t, 'null']` (and `null` added to an `enum`).
 * - Graph only: `additionalProperties: {type: 'object'}` is how Microsoft's generator marks every
 *   type open (the SDKs' AdditionalData), not a rule that extra values be objects: read literally
 *   inside `allOf`, each branch would reject the other branch's string properties and
 *   `@odata.type`/`@odata.context` annotations. It is dropped, which leaves the type open
 *   (contracts/README.md: never validate Graph with additionalProperties:false either).
 * - Graph only: a property that is a bare `$ref` may be null. CSDL structural properties are
 *   nullable by default, OpenAPI 3.0 cannot say `nullable` beside `$ref`, and Graph does return
 *   null there (graph-entitlement.md 1.4: `"recurrence": null` in the 201 response).
 */
export function normalizeSchema(schema: Json, flavour: Flavour): Json {
  if (!isObject(schema)) return schema;
  const out: JsonObject = { ...schema };
  if (isObject(out.properties)) {
    const props: JsonObject = {};
    for (const [name, prop] of Object.entries(out.properties)) {
      const normalized = normalizeSchema(prop, flavour);
      const bareRef = isObject(prop) && Object.keys(prop).length === 1 && typeof prop.$ref === 'string';
      props[name] = flavour === 'graph' && bareRef ? { anyOf: [normalized, { type: 'null' }] } : normalized;
    }
    out.properties = props;
  }
  if (out.items !== undefined) out.items = normalizeSchema(out.items, flavour);
  for (const key of ['allOf', 'anyOf', 'oneOf'] as const) {
    const list = out[key];
    if (Array.isArray(list)) out[key] = list.map((s) => normalizeSchema(s, flavour));
  }
  for (const key of ['not', 'if', 'then', 'else'] as const) {
    if (out[key] !== undefined) out[key] = normalizeSchema(out[key], flavour);
  }
  if (isObject(out.additionalProperties)) {
    const ap = out.additionalProperties;
    const graphOpenMarker = flavour === 'graph' && Object.keys(ap).length === 1 && ap.type === 'object';
    if (graphOpenMarker) delete out.additionalProperties;
    else out.additionalProperties = normalizeSchema(ap, flavour);
  }
  if (out.nullable === true) {
    delete out.nullable;
    if (typeof out.type === 'string') {
      out.type = [out.type, 'null'];
      if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
    } else {
      return { anyOf: [out, { type: 'null' }] };
    }
  } else if (out.nullable === false) {
    delete out.nullable;
  }
  return out;
}
