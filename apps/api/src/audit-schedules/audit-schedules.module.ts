import { Module } from '@nestjs/common';
import { AuditSchedulesModule as AuditSchedulesJobsModule } from '@memfleet/audit-schedules';
import { RuntimeModule } from '@memfleet/platform';
import { ActivityModule } from '../activity/activity.module';
import { AuditSchedulesController } from './audit-schedules.controller';
import { AuditSchedulesService } from './audit-schedules.service';

@Module({ imports: [RuntimeModule, AuditSchedulesJobsModule, ActivityModule], controllers: [AuditSchedulesController], providers: [AuditSchedulesService] })
export class AuditSchedulesApiModule {}
