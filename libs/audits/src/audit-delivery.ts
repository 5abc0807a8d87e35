import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { Inject } from '@nestjs/common';
import type { AuditFormat, AuditSummary } from '@memfleet/contracts';
import { DeliveryService, type AttachmentSource, type DeliveryMessage, type EmailAttachment } from '@memfleet/alerts';
import { exportAudit } from '@memfleet/exports';
import { AuditsRepository, DeliveriesRepository, type AuditRow, type DeliveryKind } from '@memfleet/persistence';
import { APP_CONFIG, type AppConfig } from '@memfleet/platform';

// The audit's own files an e-mail carries; JSON is left to the link (it holds every hit, tens of MB on a large fleet).
const ATTACHED: readonly AuditFormat[] = ['pdf', 'csv', 'html'];
const FOREIGN_KEY_VIOLATION = '23503';

const plural = (n: number, one: string) => `${n.toLocaleString('en-US')} ${one}${n === 1 ? '' : 's'}`;

/** The one line and the paragraph a finished audit is announced with. */
export function auditMessage(row: AuditRow, summary: AuditSummary, publicUrl: string): DeliveryMessage {
  const t = summary.findings.totals;
  const scope = Object.entries(summary.scope)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
  const where = scope ? `hosts with ${scope}` : 'the fleet';
  const changes = summary.changes
    ? ` Since the previous audit: ${plural(summary.changes.opened.total, 'hit')} opened, ${summary.changes.resolved.total} resolved, ${summary.changes.escalated.total} escalated to critical.`
    : ' This is the first audit of its scope.';
  // Only a step that fixes the cause is announced as a fix; a mitigation ranked by hosts is not one.
  const best = summary.remediations.find((r) => r.effect === 'fixes');
  const fix = best ? ` The fix that helps most: ${best.title} (${plural(best.hosts.total, 'host')}).` : '';
  return {
    title: `memfleet audit of ${where}: ${t.critical} critical, ${t.warning} warning on ${plural(t.hosts, 'host')}`,
    text: `${plural(summary.fleet.total, 'host')} (${summary.fleet.reporting} reporting, ${summary.fleet.stale} stale); ${t.silenced} silenced hit(s) left out.${changes}${fix}`,
    url: `${publicUrl}/audits/${row.id}`,
    alerts: [],
    auditId: row.id,
  };
}

/**
 * Sends a finished audit to the destinations its schedule names, and gives e-mails the audit's PDF, CSV
 * and HTML (of the formats the schedule chose) as attachments, rendered afresh on every attempt.
 */
@Injectable()
export class AuditDelivery implements AttachmentSource, OnModuleInit {
  private readonly logger = new Logger('audits');

  constructor(
    private readonly audits: AuditsRepository,
    private readonly deliveries: DeliveryService,
    private readonly deliveryLog: DeliveriesRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.deliveries.useAttachments(this);
  }

  /**
   * One delivery per destination of the audit that has none yet, so every run of the job (a retry after a
   * failure here, a re-run of a finished audit) completes the set and never doubles it. A destination deleted
   * since is skipped; any other failure throws, and the job's retry sends the rest. Returns the new delivery ids.
   */
  async send(auditId: string): Promise<string[]> {
    const row = await this.audits.get(auditId);
    if (!row || row.status !== 'done' || !row.destinationIds.length) return [];
    const already = new Set(await this.deliveryLog.auditDestinations(auditId));
    const message = auditMessage(row, row.summary as AuditSummary, this.config.publicUrl);
    const ids: string[] = [];
    for (const destinationId of row.destinationIds.filter((d) => !already.has(d))) {
      try {
        ids.push(await this.deliveries.enqueue(destinationId, 'audit', message));
      } catch (err) {
        if ((err as { code?: string }).code !== FOREIGN_KEY_VIOLATION) throw err;
        this.logger.warn(`audit ${auditId} not sent to destination ${destinationId}: the destination was deleted`);
      }
    }
    return ids;
  }

  async attachmentsFor(delivery: { kind: DeliveryKind; message: DeliveryMessage }): Promise<EmailAttachment[]> {
    if (delivery.kind !== 'audit' || !delivery.message.auditId) return [];
    const row = await this.audits.get(delivery.message.auditId);
    if (!row || row.status !== 'done') return [];
    const meta = { id: row.id, createdAt: new Date(row.createdAt).toISOString(), requestedBy: row.requestedBy, trigger: row.trigger, scope: row.scope };
    return ATTACHED.filter((f) => row.formats.includes(f)).map((format) => {
      const out = exportAudit(format, row.summary as AuditSummary, meta, this.audits.hits(row.id));
      return { filename: out.filename, content: out.stream, contentType: out.contentType };
    });
  }
}
