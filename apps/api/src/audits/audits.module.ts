import { Module } from '@nestjs/common';
import { AuditsModule as AuditJobsModule } from '@memfleet/audits';
import { RuntimeModule } from '@memfleet/platform';
import { AuditsController } from './audits.controller';
import { AuditsService } from './audits.service';

@Module({ imports: [RuntimeModule, AuditJobsModule], controllers: [AuditsController], providers: [AuditsService] })
export class AuditsApiModule {}
