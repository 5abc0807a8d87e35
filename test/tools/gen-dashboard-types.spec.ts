import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { generate } from '../../scripts/gen-dashboard-types';
import { REPO_ROOT } from '../helpers/processes';

describe('dashboard API types generated from openapi.json', () => {
  it('maps required and optional fields, 3.1 null types, enums, refs, arrays, maps and unions', async () => {
    const out = await generate({
      openapi: '3.1.0',
      info: { title: 'test', version: '1' },
      paths: {},
      components: {
        schemas: {
          ThingDto: {
            type: 'object',
            required: ['id', 'role', 'tags', 'other', 'value', 'severity', 'counts'],
            properties: {
              id: { type: 'string', description: 'The id.' },
              role: { type: 'string', enum: ['viewer', 'admin'] },
              note: { type: ['string', 'null'] },
              tags: { type: 'array', items: { type: 'string' } },
              other: { $ref: '#/components/schemas/OtherDto' },
              value: { oneOf: [{ type: 'string' }, { type: 'number' }, { type: 'null' }] },
              severity: { anyOf: [{ type: 'string', enum: ['critical', 'info'] }, { type: 'null' }] },
              counts: { type: 'object', additionalProperties: { type: 'number' } },
              latest: { anyOf: [{ $ref: '#/components/schemas/OtherDto' }, { type: 'null' }] },
            },
          },
          OtherDto: { type: 'object', properties: {} },
        },
      },
    });
    assert.ok(out.startsWith('// Generated from openapi.json'), out);
    const thing = [
      '        ThingDto: {',
      '            /** @description The id. */',
      '            id: string;',
      '            /** @enum {string} */',
      '            role: "viewer" | "admin";',
      '            note?: string | null;',
      '            tags: string[];',
      '            other: components["schemas"]["OtherDto"];',
      '            value: string | number | null;',
      '            severity: ("critical" | "info") | null;',
      '            counts: {',
      '                [key: string]: number;',
      '            };',
      '            latest?: components["schemas"]["OtherDto"] | null;',
      '        };',
    ].join('\n');
    assert.ok(out.includes(thing), out);
  });

  it('gives every schema of the committed openapi.json a type, none of its fields untyped', async () => {
    const doc = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'openapi.json'), 'utf8'));
    const out = await generate(doc);
    const schemas = out.slice(out.indexOf('export interface components {'), out.indexOf('export type $defs'));
    for (const name of Object.keys(doc.components.schemas)) assert.match(schemas, new RegExp(`^        ${name}: `, 'm'));
    assert.doesNotMatch(schemas, /^\s+[A-Za-z_$][\w$]*\??: unknown;/m, 'no DTO property is left untyped');
  });
});
