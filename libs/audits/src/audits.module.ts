import { Module } from '@nestjs/common';
import { AUDIT_STARTER } from '@memfleet/contracts';
import { AlertsModule } from '@memfleet/alerts';
import { RuntimeModule } from '@memfleet/platform';
import { AuditDelivery } from './audit-delivery';
import { QueuedAuditStarter } from './audit-starter';
import { AuditsProcessor } from './audits.processor';
import { AuditsScheduler } from './audits.scheduler';

/** Fleet audits: AUDIT_STARTER (queues a run), the RunAudit and PruneAudits handlers, the pruning schedule, and sending finished audits to their destinations. */
@Module({
  imports: [RuntimeModule, AlertsModule],
  providers: [AuditDelivery, QueuedAuditStarter, { provide: AUDIT_STARTER, useExisting: QueuedAuditStarter }, AuditsProcessor, AuditsScheduler],
  exports: [AUDIT_STARTER],
})
export class AuditsModule {}
