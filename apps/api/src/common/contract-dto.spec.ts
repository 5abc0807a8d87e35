import 'reflect-metadata';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ApiProperty, ApiResponse, DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Type } from '@sinclair/typebox';
import { EvidenceDto } from '../reports/dto/report.dto';
import { ContractDto, withContractSchemas } from './contract-dto';
import { ProblemDto } from './problem.dto';

const PartSchema = Type.Object({ name: Type.String({ description: 'The part.' }) });
const ThingSchema = Type.Object(
  { kind: Type.Union([Type.Literal('a'), Type.Null()]), parts: Type.Optional(Type.Array(PartSchema)) },
  { description: 'A thing.' },
);

class PartDto extends ContractDto(PartSchema) {}
class ThingDto extends ContractDto(ThingSchema, PartDto) {
  @ApiProperty({ description: 'API-only.' })
  id: string;
}
class RestatingDto extends ContractDto(ThingSchema) {
  @ApiProperty()
  override kind: 'a' | null;
}

async function documentOf(dto: typeof ThingDto | typeof RestatingDto) {
  @Controller('things')
  class ThingsController {
    @Get()
    @ApiResponse({ status: 200, type: dto })
    list(): void {}
  }
  @Module({ controllers: [ThingsController] })
  class ThingsModule {}
  const app = await NestFactory.create(ThingsModule, { preview: true, logger: false, abortOnError: false });
  try {
    return SwaggerModule.createDocument(app, new DocumentBuilder().build());
  } finally {
    await app.close();
  }
}

describe('DTOs derived from contract schemas', () => {
  it('documents the DTO with the contract schema plus its own fields, nested contract DTOs as references', async () => {
    const doc = withContractSchemas(await documentOf(ThingDto));
    assert.deepEqual(doc.components?.schemas?.ThingDto, {
      description: 'A thing.',
      type: 'object',
      required: ['kind', 'id'],
      properties: {
        kind: { anyOf: [{ const: 'a', type: 'string' }, { type: 'null' }] },
        parts: { type: 'array', items: { $ref: '#/components/schemas/PartDto' } },
        id: { type: 'string', description: 'API-only.' },
      },
    });
    assert.deepEqual(doc.components?.schemas?.PartDto, {
      type: 'object',
      required: ['name'],
      properties: { name: { description: 'The part.', type: 'string' } },
    });
    assert.doesNotMatch(JSON.stringify(doc), /x-memfleet-contract/);
  });

  it('refuses a DTO that restates a field of its contract schema', async () => {
    const doc = await documentOf(RestatingDto);
    assert.throws(() => withContractSchemas(doc), /RestatingDto restates contract field\(s\) kind/);
  });

  it('types DTO instances by the contract, so a value the contract does not allow fails to compile', () => {
    const evidence: EvidenceDto = { key: 'k', label: 'K', value: 1, unit: 'bytes' };
    // @ts-expect-error the contract's units are an enum
    const wrongUnit: EvidenceDto = { key: 'k', label: 'K', value: 1, unit: 'furlongs' };
    // @ts-expect-error a problem has a status
    const noStatus: ProblemDto = { type: 't', title: 'T' };
    assert.ok(evidence && wrongUnit && noStatus);
  });
});
