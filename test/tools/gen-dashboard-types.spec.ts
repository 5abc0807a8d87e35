import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { generate } from '../../scripts/gen-dashboard-types';
import { REPO_ROOT } from '../helpers/processes';

describe('dashboard API types generated from openapi.json', () => {
  it('maps required and optional fields, nullable values, enums, refs, arrays, maps and unions', () => {
    const out = generate({
      components: {
        schemas: {
          ThingDto: {
            type: 'object',
            required: ['id', 'role', 'tags', 'other', 'value', 'counts'],
            properties: {
              id: { type: 'string', description: 'The id.' },
              role: { type: 'string', enum: ['viewer', 'admin'] },
              note: { type: 'string', nullable: true },
              tags: { type: 'array', items: { type: 'string' } },
              other: { $ref: '#/components/schemas/OtherDto' },
              value: { oneOf: [{ type: 'string' }, { type: 'number' }], nullable: true },
              counts: { type: 'object', additionalProperties: { type: 'number' } },
            },
          },
          OtherDto: { type: 'object', properties: {} },
        },
      },
    });
    assert.match(out, /export type OtherDto = Record<string, unknown>;/);
    const thing = [
      'export interface ThingDto {',
      '  /** The id. */',
      '  id: string;',
      '  role: "viewer" | "admin";',
      '  note?: string | null;',
      '  tags: string[];',
      '  other: OtherDto;',
      '  value: string | number | null;',
      '  counts: Record<string, number>;',
      '}',
    ].join('\n');
    assert.ok(out.includes(thing), out);
  });

  it('gives every schema of the committed openapi.json a type', () => {
    const doc = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'openapi.json'), 'utf8'));
    const out = generate(doc);
    for (const name of Object.keys(doc.components.schemas)) assert.match(out, new RegExp(`export (interface|type) ${name}\\b`));
    assert.doesNotMatch(out, /: unknown;/, 'no DTO property is left untyped');
  });
});
