import { Module } from '@nestjs/common';
import { RuntimeModule } from '@memfleet/platform';
import { EvaluationProcessor } from './evaluation.processor';
import { EvaluationService } from './evaluation.service';
import { ReevaluationRuns } from './reevaluation';

/** Evaluation of reports: the service, and the job handlers that run it. */
@Module({ imports: [RuntimeModule], providers: [EvaluationService, EvaluationProcessor, ReevaluationRuns], exports: [EvaluationService, ReevaluationRuns] })
export class EvaluationModule {}
