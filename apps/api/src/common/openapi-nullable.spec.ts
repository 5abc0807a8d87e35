import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { OpenAPIObject } from '@nestjs/swagger';
import { withNullTypes } from './openapi-nullable';

const REF = { $ref: '#/components/schemas/Other' };

describe('OpenAPI 3.0 nullable as 3.1 null types', () => {
  it('rewrites nullable types, enums, unions and references wherever a schema appears', () => {
    const doc = {
      openapi: '3.1.0',
      info: { title: 't', version: '1' },
      paths: {
        '/x': {
          get: {
            parameters: [{ name: 'q', in: 'query', schema: { type: 'string', nullable: true } }],
            responses: { 200: { description: '', content: { 'application/json': { schema: { type: 'array', items: { ...REF } } } } } },
          },
        },
      },
      components: {
        schemas: {
          Thing: {
            type: 'object',
            properties: {
              text: { type: 'string', nullable: true, description: 'kept' },
              role: { type: 'string', enum: ['a', 'b'], nullable: true },
              value: { oneOf: [{ type: 'string' }, { type: 'number' }], nullable: true },
              other: { type: 'object', nullable: true, description: 'the other', allOf: [REF] },
              facts: { type: 'object', additionalProperties: true, nullable: true },
              list: { type: 'array', items: { type: 'number', nullable: true } },
              plain: { type: 'boolean', nullable: false },
            },
          },
        },
      },
    } as unknown as OpenAPIObject;
    const out = withNullTypes(doc);
    assert.deepEqual(out.paths['/x'].get?.parameters, [{ name: 'q', in: 'query', schema: { type: ['string', 'null'] } }]);
    assert.deepEqual(out.components?.schemas?.Thing, {
      type: 'object',
      properties: {
        text: { type: ['string', 'null'], description: 'kept' },
        role: { type: ['string', 'null'], enum: ['a', 'b', null] },
        value: { oneOf: [{ type: 'string' }, { type: 'number' }, { type: 'null' }] },
        other: { description: 'the other', anyOf: [REF, { type: 'null' }] },
        facts: { type: ['object', 'null'], additionalProperties: true },
        list: { type: 'array', items: { type: ['number', 'null'] } },
        plain: { type: 'boolean' },
      },
    });
    assert.deepEqual(out.paths['/x'].get?.responses[200], doc.paths['/x'].get?.responses[200]);
  });

  it('refuses a nullable schema it cannot express', () => {
    const doc = {
      openapi: '3.1.0',
      info: { title: 't', version: '1' },
      paths: {},
      components: { schemas: { X: { nullable: true, allOf: [REF, REF] } } },
    } as unknown as OpenAPIObject;
    assert.throws(() => withNullTypes(doc), /cannot express this nullable schema/);
  });
});
