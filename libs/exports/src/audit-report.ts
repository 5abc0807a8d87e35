import { AUDIT_LIST_LIMIT, type AuditSummary } from '@memfleet/contracts';
import type { AuditExportMeta } from './audit-document';
import { count, durationText, EFFECT_MEANING, plural, scopeText, timeText } from './text-format';

// The printable audit (HTML and PDF) as one model of sections and blocks, so both formats show the same
// sections, tables and words; each renderer only decides how a block looks.

export interface TableColumn {
  title: string;
  numeric?: boolean;
  /** Relative width in the PDF (default 1). */
  weight?: number;
}
export interface ChartBar {
  label: string;
  critical: number;
  warning: number;
  info: number;
  silenced: number;
}
export type ReportBlock =
  | { kind: 'text'; text: string }
  | { kind: 'heading'; text: string }
  | { kind: 'table'; columns: TableColumn[]; rows: string[][]; more: string | null }
  | { kind: 'chart'; title: string; bars: ChartBar[] };
export interface ReportSection {
  id: string;
  title: string;
  blocks: ReportBlock[];
}
export interface AuditReport {
  title: string;
  facts: [string, string][];
  sections: ReportSection[];
}

/** Every section title, in order: the printable formats show each one, even when it has nothing to list. */
export const AUDIT_SECTION_TITLES = {
  fleet: 'Fleet',
  notEvaluated: 'Not evaluated',
  findings: 'Findings by rule and severity',
  silenced: 'Silenced',
  changes: 'Changes since the previous audit',
  remediations: 'Remediations, ranked by hosts fixed',
  patterns: 'Failure patterns',
  timeToFix: 'Time to fix',
  recurrence: 'Recurrence',
} as const;

/** Chart series in stacking order, with the colours both formats use. */
export const SEVERITY_SERIES = [
  { key: 'critical', label: 'critical', colour: '#b42318' },
  { key: 'warning', label: 'warning', colour: '#dc6803' },
  { key: 'info', label: 'info', colour: '#1570ef' },
  { key: 'silenced', label: 'silenced', colour: '#98a2b3' },
] as const;

const text = (t: string): ReportBlock => ({ kind: 'text', text: t });
const heading = (t: string): ReportBlock => ({ kind: 'heading', text: t });
/** A bounded list's table: the first AUDIT_LIST_LIMIT rows, and how many more the total holds. */
function table<T>(columns: TableColumn[], list: { total: number; items: T[] }, row: (item: T) => string[], noun = 'more'): ReportBlock {
  const shown = list.items.slice(0, AUDIT_LIST_LIMIT);
  const rest = Math.max(0, list.total - shown.length);
  return { kind: 'table', columns, rows: shown.map(row), more: rest ? `and ${count(rest)} ${noun}` : null };
}
const fullTable = <T>(columns: TableColumn[], items: T[], row: (item: T) => string[]): ReportBlock => ({
  kind: 'table',
  columns,
  rows: items.map(row),
  more: null,
});
const num = (title: string): TableColumn => ({ title, numeric: true, weight: 0.7 });

function fleet(s: AuditSummary): ReportBlock[] {
  const f = s.fleet;
  return [
    text(`${plural(f.total, 'host')} in scope: ${count(f.reporting)} reporting, ${count(f.stale)} stale, ${count(f.retired)} retired.`),
    fullTable(
      [{ title: 'Hosts' }, num('Count')],
      [
        ['total', f.total],
        ['reporting', f.reporting],
        ['stale', f.stale],
        ['retired', f.retired],
      ] as const,
      ([k, v]) => [k, count(v)],
    ),
  ];
}

function notEvaluated(s: AuditSummary): ReportBlock[] {
  if (!s.notEvaluated.length) return [text('Every rule had the facts it needs on every host.')];
  return [
    text('Hosts whose agent never sends a fact some rule needs, by the missing fact and what would supply it.'),
    fullTable([{ title: 'Missing fact' }, { title: 'Supplied by', weight: 1.4 }, { title: 'Rules', weight: 1.4 }, num('Hosts')], s.notEvaluated, (n) => [
      n.fact,
      n.suppliedBy,
      n.ruleIds.join(', '),
      count(n.hosts),
    ]),
  ];
}

function findings(s: AuditSummary): ReportBlock[] {
  const t = s.findings.totals;
  const intro = text(
    `${plural(t.critical, 'critical hit')}, ${plural(t.warning, 'warning')}, ${plural(t.info, 'info hit')} on ${plural(t.hosts, 'host')}; ${count(t.silenced)} silenced.`,
  );
  if (!s.findings.byRule.length) return [intro, text('No rule hits any host in scope.')];
  return [
    intro,
    {
      kind: 'chart',
      title: 'Hits by rule and severity',
      bars: s.findings.byRule.map((r) => ({ label: r.ruleId, critical: r.critical, warning: r.warning, info: r.info, silenced: r.silenced })),
    },
    fullTable([{ title: 'Rule', weight: 2.2 }, num('Critical'), num('Warning'), num('Info'), num('Silenced'), num('Hosts')], s.findings.byRule, (r) => [
      `${r.title} (${r.ruleId})`,
      count(r.critical),
      count(r.warning),
      count(r.info),
      count(r.silenced),
      count(r.hosts),
    ]),
  ];
}

function silenced(s: AuditSummary): ReportBlock[] {
  if (!s.silenced.total) return [text('No hit is silenced.')];
  return [
    text(`${plural(s.silenced.total, 'hit')} recorded but left out of the totals by a silence.`),
    table(
      [
        { title: 'Host' },
        { title: 'Rule' },
        { title: 'Subject' },
        { title: 'Severity', weight: 0.7 },
        { title: 'Reason', weight: 1.5 },
        { title: 'Author' },
        { title: 'Expires' },
      ],
      s.silenced,
      (h) => [h.hostname, h.ruleId, h.subject, h.severity, h.reason, h.author, timeText(h.expiresAt)],
    ),
  ];
}

function changes(s: AuditSummary): ReportBlock[] {
  const c = s.changes;
  if (!c) return [text('First audit of this scope: there is no previous audit to compare with.')];
  const blocks = [
    text(
      `Since ${timeText(c.since)}: ${count(c.opened.total)} opened, ${count(c.resolved.total)} resolved, ${count(c.escalated.total)} escalated; ` +
        `${plural(c.hostsAppeared.total, 'host')} appeared, ${count(c.hostsStale.total)} went stale.`,
    ),
  ];
  const hitColumns = [{ title: 'Host' }, { title: 'Rule', weight: 1.5 }, { title: 'Subject', weight: 1.5 }, { title: 'Severity', weight: 0.8 }];
  const hits = (title: string, list: NonNullable<AuditSummary['changes']>['opened'], withPrevious = false) => {
    if (!list.total) return;
    blocks.push(heading(`${title} (${count(list.total)})`));
    blocks.push(
      table(withPrevious ? [...hitColumns, { title: 'Was', weight: 0.8 }] : hitColumns, list, (h) => [
        h.hostname,
        h.ruleId,
        h.subject,
        h.severity,
        ...(withPrevious ? [h.previousSeverity ?? '—'] : []),
      ]),
    );
  };
  hits('Opened', c.opened);
  hits('Resolved', c.resolved);
  hits('Escalated from warning to critical', c.escalated, true);
  for (const [title, list] of [
    ['Hosts that appeared', c.hostsAppeared],
    ['Hosts that went stale', c.hostsStale],
  ] as const) {
    if (!list.total) continue;
    blocks.push(heading(`${title} (${count(list.total)})`));
    blocks.push(table([{ title: 'Host' }], list, (h) => [h.hostname], 'more hosts'));
  }
  return blocks;
}

type RemediationGroup = AuditSummary['remediations'][number];

function remediationBlocks(list: RemediationGroup[], blocks: ReportBlock[]): void {
  list.forEach((r, i) => {
    const tag = r.effect ? ` [${r.effect}]` : '';
    blocks.push(heading(`${i + 1}. ${r.title}${tag}: ${plural(r.hosts.total, 'host')}`));
    blocks.push(text(`Key ${r.key}; rules ${r.ruleIds.join(', ')}.${r.effect ? ` ${EFFECT_MEANING[r.effect]}` : ''}`));
    blocks.push(
      table([{ title: 'Host' }, { title: 'Subject' }, { title: 'What to do', weight: 3 }], r.hosts, (h) => [h.hostname, h.subject, h.text], 'more hosts'),
    );
  });
}

// Only a step that removes the host's cause on its own counts as a fix; the others are listed apart, so the
// ranking never promises a fix a mitigation or a diagnosis cannot deliver.
function remediations(s: AuditSummary): ReportBlock[] {
  if (!s.remediations.length) return [text('Nothing to fix.')];
  const fixes = s.remediations.filter((r) => r.effect === 'fixes');
  const others = s.remediations.filter((r) => r.effect !== 'fixes');
  const blocks: ReportBlock[] = [];
  if (fixes.length) {
    blocks.push(
      text(
        'Each step that fixes the cause on its own, by how many hosts it would fix; the first hosts of each are listed (the JSON and CSV exports list all of them).',
      ),
    );
    remediationBlocks(fixes, blocks);
  } else blocks.push(text('No step fixes the cause on its own on any host in scope.'));
  if (others.length) {
    blocks.push(heading('Steps that do not fix the cause on their own'));
    blocks.push(
      text(
        'Mitigations lower the risk or buy time and the cause stays; diagnoses find the cause and change nothing. Ranked by the hosts they apply to; not counted as fixes.',
      ),
    );
    remediationBlocks(others, blocks);
  }
  return blocks;
}

function patterns(s: AuditSummary): ReportBlock[] {
  if (!s.patterns.length) return [text('No failure pattern hits any host in scope.')];
  return s.patterns.flatMap((p) => [
    heading(`${p.title} (${p.ruleId})`),
    text(p.headline),
    table(
      [{ title: 'Host' }, { title: 'Subject' }, { title: 'Severity', weight: 0.7 }, { title: 'Summary', weight: 3 }],
      p.hosts,
      (h) => [h.hostname, h.subject, h.severity, h.summary],
      'more hosts',
    ),
  ]);
}

function timeToFix(s: AuditSummary): ReportBlock[] {
  if (!s.timeToFix.length) return [text('No finding has been resolved yet.')];
  return [
    text('From a finding opening to its resolution, per rule, counted from finding events.'),
    fullTable([{ title: 'Rule', weight: 2 }, num('Resolved'), num('Median'), num('p90')], s.timeToFix, (t) => [
      t.ruleId,
      count(t.resolved),
      durationText(t.medianSeconds),
      durationText(t.p90Seconds),
    ]),
  ];
}

function recurrence(s: AuditSummary): ReportBlock[] {
  if (!s.recurrence.length) return [text('No finding has resolved and opened again.')];
  return [
    text('Findings that resolved and opened again within 30 days, per rule.'),
    fullTable([{ title: 'Rule', weight: 2 }, num('Recurred'), num('Resolved'), num('Rate')], s.recurrence, (r) => [
      r.ruleId,
      count(r.recurred),
      count(r.resolved),
      r.resolved ? `${Math.round((100 * r.recurred) / r.resolved)} %` : '—',
    ]),
  ];
}

/** The printable audit: a title, who/when/scope facts, and every section in order. */
export function auditReport(summary: AuditSummary, meta: AuditExportMeta): AuditReport {
  const T = AUDIT_SECTION_TITLES;
  return {
    title: `Fleet audit: ${scopeText(meta.scope)}`,
    facts: [
      ['Audit', meta.id],
      ['Snapshot of', timeText(summary.generatedAt)],
      ['Requested', `${timeText(meta.createdAt)} by ${meta.requestedBy} (${meta.trigger})`],
      ['Scope', scopeText(meta.scope)],
      ['Compared with', summary.previousAuditId ?? 'nothing (first audit of this scope)'],
    ],
    sections: [
      { id: 'fleet', title: T.fleet, blocks: fleet(summary) },
      { id: 'not-evaluated', title: T.notEvaluated, blocks: notEvaluated(summary) },
      { id: 'findings', title: T.findings, blocks: findings(summary) },
      { id: 'silenced', title: T.silenced, blocks: silenced(summary) },
      { id: 'changes', title: T.changes, blocks: changes(summary) },
      { id: 'remediations', title: T.remediations, blocks: remediations(summary) },
      { id: 'patterns', title: T.patterns, blocks: patterns(summary) },
      { id: 'time-to-fix', title: T.timeToFix, blocks: timeToFix(summary) },
      { id: 'recurrence', title: T.recurrence, blocks: recurrence(summary) },
    ],
  };
}
