import { Module } from '@nestjs/common';
import { RuntimeModule } from '@memfleet/platform';
import { EvaluationProcessor } from './evaluation.processor';
import { EvaluationService } from './evaluation.service';

/** Evaluation of reports: the service, and the job handlers that run it. */
@Module({ imports: [RuntimeModule], providers: [EvaluationService, EvaluationProcessor], exports: [EvaluationService] })
export class EvaluationModule {}
