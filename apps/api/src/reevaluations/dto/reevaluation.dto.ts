import { IsString, Length } from 'class-validator';

export class ReevaluationDto {
  id: string;
  catalogueRevision: string;
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
