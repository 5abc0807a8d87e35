import { ApiExtension, ApiExtraModels } from '@nestjs/swagger';
import type { OpenAPIObject } from '@nestjs/swagger';
import type { Static, TObject } from '@sinclair/typebox';

// A DTO that is a shape of libs/contracts: `class EvidenceDto extends ContractDto(EvidenceSchema) {}`.
// Its instances are typed by the contract's schema (so a field the contract drops or retypes fails to
// compile wherever the DTO is built), and openapi.json documents it with that same schema; a subclass
// may add API-only fields the usual Nest way. @nestjs/swagger cannot read a JSON Schema, so the base
// class carries an extension naming its schema and withContractSchemas() swaps the schema in.

const EXTENSION = 'x-memfleet-contract-schema';
const schemas = new Map<string, TObject>();

type SchemaObject = Record<string, unknown>;
type DtoClass = abstract new (...args: never[]) => unknown;

/**
 * Base class of a DTO defined by a contract schema. `nested` lists the DTOs of sub-schemas that should
 * stay named components (e.g. EvidenceDto inside a finding): each is referenced where its schema appears.
 */
export function ContractDto<T extends TObject>(schema: T, ...nested: DtoClass[]): new () => Static<T> {
  const id = String(schemas.size);
  schemas.set(id, schema);
  @ApiExtension(EXTENSION, id)
  @ApiExtraModels(...(nested as unknown as (new () => unknown)[]))
  class ContractBase {}
  return ContractBase as unknown as new () => Static<T>;
}

/** The schema as plain JSON (no TypeBox symbols), with the schemas of `names`' DTOs as `$ref`s to them. */
function toJson(schema: unknown, names: Map<unknown, string>, root: boolean): unknown {
  if (!root && names.has(schema)) return { $ref: `#/components/schemas/${names.get(schema)}` };
  if (Array.isArray(schema)) return schema.map((s) => toJson(s, names, false));
  if (!schema || typeof schema !== 'object') return schema;
  return Object.fromEntries(Object.entries(schema).map(([k, v]) => [k, toJson(v, names, false)]));
}

/** Replaces each contract DTO's placeholder component with its contract schema plus its own API-only fields. */
export function withContractSchemas(doc: OpenAPIObject): OpenAPIObject {
  const components = (doc.components?.schemas ?? {}) as Record<string, SchemaObject>;
  const names = new Map<unknown, string>();
  for (const [name, component] of Object.entries(components)) {
    const id = component[EXTENSION];
    if (typeof id === 'string') names.set(schemas.get(id), name);
  }
  for (const [schema, name] of names) {
    const { [EXTENSION]: _id, properties: own = {}, required: ownRequired = [], type: _type, ...rest } = components[name];
    const contract = toJson(schema, names, true) as SchemaObject;
    const props = contract.properties as SchemaObject;
    const restated = Object.keys(own as SchemaObject).filter((key) => key in props);
    if (restated.length) throw new Error(`${name} restates contract field(s) ${restated.join(', ')}: derive them from the contract schema instead`);
    const required = [...((contract.required as string[] | undefined) ?? []), ...(ownRequired as string[])];
    components[name] = { ...contract, ...rest, properties: { ...props, ...(own as SchemaObject) }, ...(required.length ? { required } : {}) };
  }
  return doc;
}
