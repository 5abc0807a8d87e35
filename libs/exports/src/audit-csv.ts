import type { Readable } from 'node:stream';
import type { AuditHit } from '@memfleet/contracts';
import { csvStream, type CsvColumn } from './csv-stream';
import { labelsText } from './text-format';

/** The audit CSV: one row per hit, silenced ones included and flagged. */
export const AUDIT_CSV_COLUMNS: CsvColumn<AuditHit>[] = [
  { header: 'host', value: (h) => h.hostname },
  { header: 'labels', value: (h) => labelsText(h.labels) },
  { header: 'ruleId', value: (h) => h.ruleId },
  { header: 'severity', value: (h) => h.severity },
  { header: 'subject', value: (h) => h.subject },
  { header: 'firstSeen', value: (h) => h.firstSeenAt },
  { header: 'silenced', value: (h) => h.silenced },
  { header: 'evidenceSummary', value: (h) => h.evidenceSummary },
  { header: 'remediationKey', value: (h) => h.remediationKey },
  { header: 'remediationText', value: (h) => h.remediationText },
  { header: 'remediationEffect', value: (h) => h.remediationEffect ?? null },
];

export const auditCsv = (hits: AsyncIterable<AuditHit>): Readable => csvStream(AUDIT_CSV_COLUMNS, hits);
