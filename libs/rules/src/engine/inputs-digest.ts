import { createHash } from 'node:crypto';
import type { Metrics, Report } from '@memfleet/contracts';
import { buildFacts, type FactKey, type Facts } from './facts';
import { FACT_SOURCES, PROCESS_METRIC_FIELDS, type HostMetricFact, type MetricReading } from './inputs';
import { revisionOf } from './registry';
import type { RuleDefinition } from './rule-definition';

/**
 * Incremental evaluation: digests of what each rule reads, so a report that changes none of it needs no run.
 *
 * - `inputsDigest` (the API, at ingest): the catalogue revision, the configuration hash (standing for every
 *   configuration-derived fact) and, per rule, the parts of the metrics it reads. Equal to the digest the host was
 *   last evaluated under ⇒ no rule can see anything new, and the report is settled without a job.
 * - `ruleInputDigests` (the worker, with the configuration at hand): one digest per rule over the values of its
 *   declared facts, so a job runs only the rules whose own inputs changed.
 *
 * Volatile numbers a rule declares with a tolerance are quantised on a log grid (`quantise`); numbers it shows only
 * as evidence, and the clock, are left out: rules that read them are "periodic" and re-run on the history cadence.
 */

/**
 * The cell of `x` on a logarithmic grid of ratio 1 + tolerance: floor(ln|x| / ln(1 + tolerance)), signed. Two values
 * whose ratio exceeds 1 + tolerance are at least one grid line apart, so a move beyond the tolerance always changes
 * the cell; a smaller move changes it only when it crosses a line.
 */
export function quantise(x: number, tolerance: number): string {
  if (x === 0 || !Number.isFinite(x)) return String(x);
  const cell = Math.floor(Math.log(Math.abs(x)) / Math.log1p(tolerance));
  return `${x < 0 ? '-' : ''}~${cell}`;
}

/** Canonical text of a JSON value (keys sorted, undefined members dropped), numbers quantised when a tolerance is given. */
function canon(v: unknown, tolerance: number | null): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'number') return tolerance === null ? JSON.stringify(v) : quantise(v, tolerance);
  if (typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map((x) => canon(x, tolerance)).join(',')}]`;
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canon(o[k], tolerance)}`).join(',')}}`;
}

const toleranceOf = (r: MetricReading): number | null => (typeof r === 'object' && 'tolerance' in r ? r.tolerance : null);

/** The members of a fact's value the reading keeps. */
function picked(value: unknown, r: MetricReading): unknown {
  if (typeof r !== 'object' || !('only' in r) || value === null || typeof value !== 'object') return value;
  const o = value as Record<string, unknown>;
  return Object.fromEntries(r.only.map((k) => [k, o[k] ?? null]));
}

/** Reads the metrics exactly, on a grid, or only as evidence: rules with any of the latter two, or a clock input, re-run on the history cadence. */
export function isPeriodic(rule: RuleDefinition): boolean {
  if (rule.inputs.some((k) => FACT_SOURCES[k].clock)) return true;
  const readings = [...Object.values(rule.metrics?.process ?? {}), ...Object.values(rule.metrics?.host ?? {})];
  return readings.some((r) => r === 'evidence' || (typeof r === 'object' && 'tolerance' in r));
}

/** The process fields the rule's outcome depends on, with their tolerance; all fields exactly when it declares none. */
function decisiveProcessFields(rule: RuleDefinition): [string, MetricReading][] {
  const declared = rule.metrics?.process;
  if (!declared) return PROCESS_METRIC_FIELDS.map((f) => [f, 'exact']);
  return (Object.entries(declared) as [string, MetricReading][]).filter(([, r]) => r !== 'evidence').sort(([a], [b]) => (a < b ? -1 : 1));
}

/** Canonical text of the parts of the metrics the rule's outcome depends on (memoised per field set within one call). */
/** Each process's canonical text of one metrics field under one reading, computed once per digest. */
function column(m: Metrics, field: string, reading: MetricReading, memo: Memo): string[] {
  const key = `${field}|${JSON.stringify(reading)}`;
  let col = memo.columns.get(key);
  if (col === undefined) {
    const tol = toleranceOf(reading);
    col = m.processes.map((p) => `${field}:${canon(picked((p as Record<string, unknown>)[field], reading), tol)}`);
    memo.columns.set(key, col);
  }
  return col;
}

type Memo = Map<string, string> & { columns: Map<string, string[]> };
const newMemo = (): Memo => Object.assign(new Map<string, string>(), { columns: new Map<string, string[]>() });

function metricPart(
  rule: RuleDefinition,
  m: Metrics,
  memo: Memo,
  subjects?: (rule: RuleDefinition) => { name: string; set: ReadonlySet<string> } | null,
): string {
  const parts: string[] = [];
  let perProcess = false;
  for (const key of [...rule.inputs].sort()) {
    const src = FACT_SOURCES[key];
    if (src.processMetrics) perProcess = true;
    if (!src.metric) continue;
    const reading = rule.metrics?.host?.[key as HostMetricFact] ?? 'exact';
    if (reading === 'evidence') continue;
    parts.push(`${key}=${canon(picked(src.metric(m), reading), toleranceOf(reading))}`);
  }
  if (perProcess) {
    const fields = decisiveProcessFields(rule);
    if (fields.length) {
      // The worker knows which subjects the rule's facts hold; the API, without the configuration, takes them all.
      const only = subjects?.(rule) ?? null;
      const sig = `${only?.name ?? 'all'}:${JSON.stringify(fields)}`;
      let text = memo.get(sig);
      if (text === undefined) {
        // One column per field and reading, shared by the rules that read it the same way.
        const cols = fields.map(([f, r]) => column(m, f, r, memo));
        const subjects = column(m, 'subject', 'exact', memo);
        const rows: string[] = [];
        m.processes.forEach((p, i) => {
          if (!only || only.set.has(p.subject)) rows.push(`${subjects[i]}{${cols.map((c) => c[i]).join(',')}}`);
        });
        text = rows.join(',');
        memo.set(sig, text);
      }
      parts.push(`processes=[${text}]`);
    }
  }
  return parts.join(';');
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const revisions = new WeakMap<readonly RuleDefinition[], string>();
function revisionCached(rules: readonly RuleDefinition[]): string {
  let r = revisions.get(rules);
  if (r === undefined) revisions.set(rules, (r = revisionOf(rules)));
  return r;
}

/** The runtime kinds of a configuration's processes: what `onlyWithRuntimes` scopes by (API and worker alike). */
export function runtimeKindsOf(configuration: { processes?: readonly { runtimes?: readonly { kind?: unknown }[] }[] }): Set<string> {
  const kinds = new Set<string>();
  for (const p of configuration.processes ?? []) for (const r of p.runtimes ?? []) if (typeof r.kind === 'string') kinds.add(r.kind);
  return kinds;
}

const scopes = new WeakMap<readonly RuleDefinition[], Map<string, readonly RuleDefinition[]>>();

/** The rules that can apply on a host with these runtime kinds (all of them when the kinds are not known). */
function inScope(rules: readonly RuleDefinition[], kinds: ReadonlySet<string> | undefined): readonly RuleDefinition[] {
  if (!kinds) return rules;
  const key = [...new Set(rules.flatMap((r) => r.onlyWithRuntimes ?? []))]
    .filter((k) => kinds.has(k))
    .sort()
    .join(',');
  let byKey = scopes.get(rules);
  if (!byKey) scopes.set(rules, (byKey = new Map()));
  let scoped = byKey.get(key);
  if (!scoped) byKey.set(key, (scoped = rules.filter((r) => !r.onlyWithRuntimes || r.onlyWithRuntimes.some((k) => kinds.has(k)))));
  return scoped;
}

/**
 * The host-level digest the ingest statement compares: computable without the configuration. It covers each distinct
 * (metric, reading) that some rule judges once — every rule's metric part is a function of those — so it moves exactly
 * when some rule's part would. `runtimeKinds` (runtimeKindsOf the configuration) leaves out the metrics of rules that
 * cannot apply on the host; the configuration hash covers the kinds themselves.
 */
export function inputsDigestOf(
  rules: readonly RuleDefinition[],
  input: { configurationHash: string; metrics: Metrics; labels: Readonly<Record<string, string>>; runtimeKinds?: ReadonlySet<string> },
): string {
  const m = input.metrics;
  const { host, process } = readingsOf(inScope(rules, input.runtimeKinds));
  // Labels decide which silences hold: a label change must reach every rule's findings.
  const h = createHash('sha256').update(`${revisionCached(rules)}\n${input.configurationHash}\n${canon(input.labels, null)}\n`);
  for (const [key, reading] of host) h.update(`${key}=${canon(picked(FACT_SOURCES[key].metric!(m), reading), toleranceOf(reading))}\n`);
  if (process.length) {
    const memo = newMemo();
    const cols = [column(m, 'subject', 'exact', memo), ...process.map(([f, r]) => column(m, f, r, memo))];
    let text = '';
    for (let i = 0; i < m.processes.length; i++) for (const c of cols) text += `${c[i]},`;
    h.update(text);
  }
  return h.digest('hex');
}

const readingsCache = new WeakMap<readonly RuleDefinition[], { host: [FactKey, MetricReading][]; process: [string, MetricReading][] }>();

/** The distinct metric readings of a catalogue: host-level facts and process fields, each with how it is judged. */
function readingsOf(rules: readonly RuleDefinition[]) {
  let cached = readingsCache.get(rules);
  if (cached) return cached;
  const host = new Map<string, [FactKey, MetricReading]>();
  const process = new Map<string, [string, MetricReading]>();
  for (const rule of rules) {
    for (const key of rule.inputs) {
      const src = FACT_SOURCES[key];
      const reading = rule.metrics?.host?.[key as HostMetricFact] ?? 'exact';
      if (src.metric && reading !== 'evidence') host.set(`${key}|${JSON.stringify(reading)}`, [key, reading]);
    }
    if (rule.inputs.some((k) => FACT_SOURCES[k].processMetrics)) {
      for (const [f, r] of decisiveProcessFields(rule)) process.set(`${f}|${JSON.stringify(r)}`, [f, r]);
    }
  }
  const sorted = <T>(map: Map<string, T>) => [...map.keys()].sort().map((k) => map.get(k)!);
  cached = { host: sorted(host), process: sorted(process) };
  readingsCache.set(rules, cached);
  return cached;
}

/** The value of a configuration-derived fact as a digest sees it (functions by the processes they can return). */
function configValue(facts: Facts, key: FactKey): unknown {
  if (key === 'processes' || key === 'withRuntime') {
    const procs = key === 'withRuntime' ? facts.processes.filter((p) => p.config.runtimes.length > 0) : facts.processes;
    return procs.map((p) => ({ config: p.config, unit: p.systemdUnit }));
  }
  return facts[key];
}

/** Per rule, a digest of everything its result depends on: its version, its configuration-derived facts and its metric parts. */
export function ruleInputDigestsOf(rules: readonly RuleDefinition[], report: Report): Record<string, string> {
  const facts = buildFacts(report);
  const memo = newMemo();
  const configMemo = new Map<FactKey, string>();
  const revision = revisionCached(rules);
  // The host's labels (agent's and admin's) select silences, which every rule's findings carry.
  const labels = `labels=${canon(report.labels, null)}`;
  const configured = { name: 'configured', set: new Set(facts.processes.map((p) => p.subject)) };
  const withRuntimes = { name: 'runtimes', set: new Set(facts.processes.filter((p) => p.config.runtimes.length > 0).map((p) => p.subject)) };
  const subjects = (rule: RuleDefinition) => (rule.inputs.includes('processMetrics') ? null : rule.inputs.includes('processes') ? configured : withRuntimes);
  const out: Record<string, string> = {};
  for (const rule of rules) {
    const parts = [`${revision}`, `${rule.id}@${rule.version}`, labels];
    for (const key of [...rule.inputs].sort()) {
      if (!FACT_SOURCES[key].configuration) continue;
      let text = configMemo.get(key);
      if (text === undefined) configMemo.set(key, (text = canon(configValue(facts, key), null)));
      parts.push(`${key}=${text}`);
    }
    parts.push(metricPart(rule, report.metrics, memo, subjects));
    out[rule.id] = sha256(parts.join('\n'));
  }
  return out;
}

export interface RunPlan {
  /** Rule ids to run; null: every rule. */
  ruleIds: string[] | null;
  /** Whether the periodic rules run (so their next due time moves). */
  periodicRan: boolean;
}

/**
 * Which rules a job runs: every rule when the context (thresholds, silences, catalogue) changed or nothing was
 * recorded; otherwise the rules whose digest changed, plus the periodic ones when they are due.
 */
export function planRun(
  rules: readonly RuleDefinition[],
  current: Record<string, string>,
  previous: Record<string, string> | null,
  opts: { contextChanged: boolean; periodicDue: boolean },
): RunPlan {
  if (opts.contextChanged || previous === null) return { ruleIds: null, periodicRan: true };
  const ids = rules.filter((r) => previous[r.id] !== current[r.id] || (opts.periodicDue && isPeriodic(r))).map((r) => r.id);
  return { ruleIds: ids, periodicRan: opts.periodicDue };
}
