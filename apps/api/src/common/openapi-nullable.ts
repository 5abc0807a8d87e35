import type { OpenAPIObject } from '@nestjs/swagger';

// @nestjs/swagger writes OpenAPI 3.0's `nullable: true`, which 3.1 (plain JSON Schema) dropped: null is
// a type there. This rewrites every schema of the document the 3.1 way, leaving the rest as it is.

type Schema = Record<string, unknown>;
const NULL = { type: 'null' };
const isSchema = (v: unknown): v is Schema => !!v && typeof v === 'object' && !Array.isArray(v);

function nullableTo31(schema: Schema): Schema {
  const { nullable, ...rest } = schema;
  if (nullable !== true) return rest;
  if (typeof rest.type === 'string' && !rest.allOf) {
    const enumValues = rest.enum as unknown[] | undefined;
    return { ...rest, type: [rest.type, 'null'], ...(enumValues ? { enum: [...enumValues, null] } : {}) };
  }
  for (const key of ['oneOf', 'anyOf'] as const) if (Array.isArray(rest[key])) return { ...rest, [key]: [...rest[key], NULL] };
  // A nullable reference: Nest writes `{ type: 'object', allOf: [{ $ref }] }`.
  const { allOf, type: _object, ...annotations } = rest;
  if (Array.isArray(allOf) && allOf.length === 1) return { ...annotations, anyOf: [allOf[0], NULL] };
  throw new Error(`cannot express this nullable schema in OpenAPI 3.1: ${JSON.stringify(schema)}`);
}

const SUBSCHEMA_LISTS = ['allOf', 'anyOf', 'oneOf', 'prefixItems'];
const SUBSCHEMA_MAPS = ['properties', 'patternProperties'];
const SUBSCHEMAS = ['items', 'additionalProperties', 'not'];

function walkSchema(schema: Schema): Schema {
  const out = nullableTo31(schema);
  for (const key of SUBSCHEMAS) if (isSchema(out[key])) out[key] = walkSchema(out[key]);
  for (const key of SUBSCHEMA_LISTS) if (Array.isArray(out[key])) out[key] = (out[key] as unknown[]).map((s) => (isSchema(s) ? walkSchema(s) : s));
  for (const key of SUBSCHEMA_MAPS) {
    if (isSchema(out[key])) out[key] = Object.fromEntries(Object.entries(out[key]).map(([k, s]) => [k, isSchema(s) ? walkSchema(s) : s]));
  }
  return out;
}

/** Every schema object of the document: components, parameters, request bodies, responses and their headers. */
function walkDocument(node: unknown, parentKey = ''): unknown {
  if (Array.isArray(node)) return node.map((n) => walkDocument(n, parentKey));
  if (!isSchema(node)) return node;
  if (parentKey === 'schema') return walkSchema(node);
  if (parentKey === 'schemas') return Object.fromEntries(Object.entries(node).map(([k, s]) => [k, isSchema(s) ? walkSchema(s) : s]));
  return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, walkDocument(v, k)]));
}

/** The document with OpenAPI 3.1 null types instead of 3.0's `nullable`. */
export function withNullTypes(doc: OpenAPIObject): OpenAPIObject {
  return walkDocument(doc) as OpenAPIObject;
}
