import { Module } from '@nestjs/common';
import { AUDIT_STARTER } from '@memfleet/contracts';
import { RuntimeModule } from '@memfleet/platform';
import { QueuedAuditStarter } from './audit-starter';
import { AuditsProcessor } from './audits.processor';
import { AuditsScheduler } from './audits.scheduler';

/** Fleet audits: AUDIT_STARTER (queues a run), the RunAudit and PruneAudits handlers, and the pruning schedule. */
@Module({
  imports: [RuntimeModule],
  providers: [QueuedAuditStarter, { provide: AUDIT_STARTER, useExisting: QueuedAuditStarter }, AuditsProcessor, AuditsScheduler],
  exports: [AUDIT_STARTER],
})
export class AuditsModule {}
