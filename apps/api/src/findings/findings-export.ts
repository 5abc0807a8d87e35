import type { CsvColumn } from '@memfleet/exports';
import { evidenceText } from '@memfleet/exports';
import type { FindingRow } from '@memfleet/persistence';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** The findings CSV: one row per finding, the list's fields flattened (evidence as `label: value unit; …`). */
export const FINDING_CSV_COLUMNS: CsvColumn<FindingRow>[] = [
  { header: 'id', value: (f) => f.id },
  { header: 'hostId', value: (f) => f.hostId },
  { header: 'host', value: (f) => f.hostname },
  { header: 'ruleId', value: (f) => f.ruleId },
  { header: 'ruleVersion', value: (f) => f.ruleVersion },
  { header: 'subject', value: (f) => f.subject },
  { header: 'outcome', value: (f) => f.outcome },
  { header: 'severity', value: (f) => f.severity },
  { header: 'silenced', value: (f) => f.silenced },
  { header: 'summary', value: (f) => f.summary },
  { header: 'evidenceSummary', value: (f) => evidenceText(f.evidence) },
  { header: 'remediationKeys', value: (f) => f.remediation.map((r) => r.key).join(';') },
  // Each step says its effect ("[mitigates] …"); a finding stored before steps carried one shows none.
  { header: 'remediationText', value: (f) => f.remediation.map((r) => `${r.effect ? `[${r.effect}] ` : ''}${r.title}: ${r.text}`).join('\n') },
  { header: 'missingFacts', value: (f) => f.missing.map((m) => m.fact).join(';') },
  { header: 'openedAt', value: (f) => iso(f.openedAt) },
  { header: 'firstSeenAt', value: (f) => iso(f.firstSeenAt) },
  { header: 'lastSeenAt', value: (f) => iso(f.lastSeenAt) },
  { header: 'resolvedAt', value: (f) => iso(f.resolvedAt) },
];
