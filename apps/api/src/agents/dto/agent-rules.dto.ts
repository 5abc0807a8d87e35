import { ApiProperty } from '@nestjs/swagger';

export class AgentRulesDto {
  /** The server's rule catalogue revision; an agent with another revision evaluates other rules. */
  catalogueRevision: string;

  /** Rule id → threshold name → the value in force (the admin's override, else the default). */
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'object', additionalProperties: { type: 'number' } },
    example: { 'allocator-fragmentation': { warningRatio: 1.5, criticalRatio: 2, minResidentBytes: 268435456 } },
  })
  thresholds: Record<string, Record<string, number>>;
}
