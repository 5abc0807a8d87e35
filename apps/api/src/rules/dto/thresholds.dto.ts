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
  /** Findings (host × subject) with no hit now that would get one. */
  wouldOpen: number;
  /** Findings (host × subject) with a hit now that would lose it, also on a host that keeps other hits. */
  wouldClose: number;
  /** Findings (host × subject) that keep their hit at another severity. */
  wouldChangeSeverity: number;
}

export class ThresholdsSavedDto {
  ruleId: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' } })
  thresholds: Record<string, number>;
  /** The background re-evaluation that moves findings to the new values (GET /api/v1/reevaluations/:id). */
  reevaluationId: string;
}
