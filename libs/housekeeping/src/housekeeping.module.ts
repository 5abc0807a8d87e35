import { Module } from '@nestjs/common';
import { EvaluationModule } from '@memfleet/evaluation';
import { RuntimeModule } from '@memfleet/platform';
import { HousekeepingProcessor } from './housekeeping.processor';
import { HousekeepingScheduler } from './housekeeping.scheduler';
import { StartupTasks } from './startup-tasks';

/** Periodic upkeep (stranded reports, silence expiry, pruning, retirement) and the work done at start. */
@Module({ imports: [RuntimeModule, EvaluationModule], providers: [HousekeepingProcessor, HousekeepingScheduler, StartupTasks], exports: [StartupTasks] })
export class HousekeepingModule {}
