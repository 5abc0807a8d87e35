// Writes apps/dashboard/src/api/openapi.gen.ts: one TypeScript type per schema of openapi.json, so the
// dashboard reads the API through the same DTOs the API documents. With --stdout, prints it instead
// (npm test compares it with the committed file). Covers the OpenAPI subset @nestjs/swagger emits.
import fs from 'node:fs';
import path from 'node:path';

interface Schema {
  $ref?: string;
  type?: string;
  enum?: (string | number)[];
  nullable?: boolean;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
  description?: string;
}

const root = path.resolve(__dirname, '../..');
const OUT = 'apps/dashboard/src/api/openapi.gen.ts';

const refName = (ref: string) => ref.replace('#/components/schemas/', '');
const key = (name: string) => (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : JSON.stringify(name));
const comment = (text: string | undefined, indent: string) => (text ? `${indent}/** ${text.replace(/\*\//g, '*\\/').replace(/\s*\n\s*/g, ' ')} */\n` : '');

function typeOf(s: Schema, indent: string): string {
  const base = baseType(s, indent);
  return s.nullable && base !== 'unknown' ? `${base} | null` : base;
}

function baseType(s: Schema, indent: string): string {
  if (s.$ref) return refName(s.$ref);
  if (s.allOf) return s.allOf.map((x) => typeOf(x, indent)).join(' & ');
  const union = s.oneOf ?? s.anyOf;
  if (union) return union.map((x) => typeOf(x, indent)).join(' | ');
  if (s.enum) return s.enum.map((v) => JSON.stringify(v)).join(' | ');
  switch (s.type) {
    case 'string':
      return 'string';
    case 'number':
    case 'integer':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'array':
      return `${wrap(typeOf(s.items ?? {}, indent))}[]`;
    case 'object':
    case undefined:
      return objectType(s, indent);
    default:
      return 'unknown';
  }
}

const wrap = (t: string) => (/[|&]/.test(t) ? `(${t})` : t);

function objectType(s: Schema, indent: string): string {
  const props = Object.entries(s.properties ?? {});
  if (props.length === 0) {
    if (s.additionalProperties && typeof s.additionalProperties === 'object') return `Record<string, ${typeOf(s.additionalProperties, indent)}>`;
    return s.type === 'object' || s.additionalProperties ? 'Record<string, unknown>' : 'unknown';
  }
  const inner = `${indent}  `;
  const required = new Set(s.required ?? []);
  const lines = props.map(([name, p]) => `${comment(p.description, inner)}${inner}${key(name)}${required.has(name) ? '' : '?'}: ${typeOf(p, inner)};`);
  return `{\n${lines.join('\n')}\n${indent}}`;
}

export function generate(openapi: { components: { schemas: Record<string, Schema> } }): string {
  const out = ['// Generated from openapi.json by scripts/gen-dashboard-types.ts (npm run dashboard:types). Do not edit.', ''];
  for (const [name, s] of Object.entries(openapi.components.schemas).sort(([a], [b]) => a.localeCompare(b))) {
    const t = typeOf(s, '');
    out.push(`${comment(s.description, '')}export ${t.startsWith('{') ? `interface ${name} ${t}` : `type ${name} = ${t};`}`, '');
  }
  return out.join('\n');
}

function main(): void {
  const text = generate(JSON.parse(fs.readFileSync(path.join(root, 'openapi.json'), 'utf8')));
  if (process.argv.includes('--stdout')) process.stdout.write(text);
  else {
    fs.writeFileSync(path.join(root, OUT), text);
    console.log(`${OUT}: written`);
  }
}

if (require.main === module) main();
