import { Module } from '@nestjs/common';
import { RuntimeModule } from '@memfleet/platform';
import { AuditSchedulesSync } from './audit-schedules.sync';
import { ScheduledAuditProcessor } from './scheduled-audit.processor';

/** Audit schedules as job schedulers, and the job that starts each tick's audit (AUDIT_STARTER comes from the audits module). */
@Module({ imports: [RuntimeModule], providers: [AuditSchedulesSync, ScheduledAuditProcessor], exports: [AuditSchedulesSync] })
export class AuditSchedulesModule {}
