import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Type } from '@sinclair/typebox';
import { ReportSchema, ReportSchemaV1 } from './report.schema';

/** Every leaf of the schema that is unbounded: a string without maxLength, an array without maxItems, … */
function unbounded(schema: unknown): string[] {
  const out: string[] = [];
  const stack: { s: unknown; path: string }[] = [{ s: schema, path: '' }];
  while (stack.length) {
    const { s, path } = stack.pop()!;
    if (!s || typeof s !== 'object') continue;
    const node = s as Record<string, unknown>;
    const type = node.type;
    if (type === 'string' && node.maxLength === undefined && node.const === undefined && node.enum === undefined) out.push(`${path}: string without maxLength`);
    if ((type === 'integer' || type === 'number') && (node.maximum === undefined || node.minimum === undefined) && node.const === undefined)
      out.push(`${path}: number without minimum and maximum`);
    if (type === 'array' && node.maxItems === undefined) out.push(`${path}: array without maxItems`);
    if (type === 'object' && node.patternProperties && node.maxProperties === undefined) out.push(`${path}: map without maxProperties`);
    for (const [k, v] of Object.entries(node.properties ?? {})) stack.push({ s: v, path: `${path}.${k}` });
    for (const v of Object.values((node.patternProperties as object) ?? {})) stack.push({ s: v, path: `${path}.*` });
    for (const v of (node.anyOf as unknown[]) ?? []) stack.push({ s: v, path });
    if (node.items) stack.push({ s: node.items, path: `${path}[]` });
  }
  return out;
}

describe('report contract bounds', () => {
  it('bounds every fact: string lengths, number ranges, array lengths and map sizes', () => {
    assert.deepEqual(unbounded(ReportSchema), []);
    assert.deepEqual(unbounded(ReportSchemaV1), []);
  });

  it('finds an unbounded fact (the check above can fail)', () => {
    const loose = Type.Object({
      a: Type.String(),
      b: Type.Array(Type.Integer({ minimum: 0, maximum: 1 })),
      c: Type.Optional(Type.Union([Type.Number(), Type.Null()])),
    });
    assert.deepEqual(unbounded(loose).sort(), ['.a: string without maxLength', '.b: array without maxItems', '.c: number without minimum and maximum']);
  });
});
