import { Module } from '@nestjs/common';
import { RuntimeModule } from '@memfleet/platform';
import { TracesModule as TraceJobsModule } from '@memfleet/traces';
import { ActivityModule } from '../activity/activity.module';
import { TracesController } from './traces.controller';
import { TracesService } from './traces.service';

@Module({ imports: [RuntimeModule, TraceJobsModule, ActivityModule], controllers: [TracesController], providers: [TracesService] })
export class TracesApiModule {}
