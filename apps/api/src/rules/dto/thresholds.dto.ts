import { ApiProperty } from '@nestjs/swagger';
import { IsObject } from 'class-validator';

export class ThresholdValuesDto {
  /** Threshold name → new value; names and units as GET /api/v1/rules lists them. */
  @IsObject()
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' }, example: { warningVms: 300 } })
  values: Record<string, number>;
}

export class ThresholdPreviewDto {
  ruleId: string;
  /** The thresholds the preview applied. */
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' } })
  thresholds: Record<string, number>;
  hostsEvaluated: number;
  /** Hosts that have no hit now and would get one. */
  wouldOpen: number;
  /** Hosts that have a hit now and would not. */
  wouldClose: number;
  /** Hosts that keep a hit at another (highest) severity. */
  wouldChangeSeverity: number;
}

export class ThresholdsSavedDto {
  ruleId: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' } })
  thresholds: Record<string, number>;
  /** The background re-evaluation that moves findings to the new values (GET /api/v1/reevaluations/:id). */
  reevaluationId: string;
}
