import { Module } from '@nestjs/common';
import { AuditsModule as AuditJobsModule } from '@memfleet/audits';
import { RuntimeModule } from '@memfleet/platform';
import { ActivityModule } from '../activity/activity.module';
import { AuditsController } from './audits.controller';
import { AuditsService } from './audits.service';

@Module({ imports: [RuntimeModule, AuditJobsModule, ActivityModule], controllers: [AuditsController], providers: [AuditsService] })
export class AuditsApiModule {}
