import { IsString, Length } from 'class-validator';

export class ReevaluationDto {
  id: string;
  catalogueRevision: string;
  /** Why it runs, in words; a threshold change names each value old → new ("warningVms 256 → 100"). */
  reason: string;
  /** Hosts to re-evaluate. */
  total: number;
  done: number;
  failed: number;
  createdAt: string;
  /** null while running. */
  finishedAt: string | null;
}

export class StartReevaluationDto {
  /** Why (kept with the run). */
  @IsString()
  @Length(3, 500)
  reason: string;
}
