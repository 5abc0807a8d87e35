import { Module } from '@nestjs/common';
import { AuditsModule } from '@memfleet/audits';
import { RuntimeModule } from '@memfleet/platform';
import { AuditSchedulesSync } from './audit-schedules.sync';
import { ScheduledAuditProcessor } from './scheduled-audit.processor';

/** Audit schedules as job schedulers, and the job that starts each tick's audit through the audits module's AUDIT_STARTER. */
@Module({ imports: [RuntimeModule, AuditsModule], providers: [AuditSchedulesSync, ScheduledAuditProcessor], exports: [AuditSchedulesSync] })
export class AuditSchedulesModule {}
