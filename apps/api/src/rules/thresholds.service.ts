import { Injectable } from '@nestjs/common';
import type { Severity } from '@memfleet/contracts';
import { HISTORY_SAMPLES, ReevaluationRuns, reportFromRow } from '@memfleet/evaluation';
import { EvaluationRepository, SettingsRepository, type ThresholdOverrides } from '@memfleet/persistence';
import { describeThresholdChange, evaluateReport, ruleById } from '@memfleet/rules';
import { ActivityService } from '../activity/activity.service';
import type { Principal } from '../auth/principal';
import { invalidFields, ProblemException } from '../common/problem.exception';
import type { ThresholdPreviewDto, ThresholdsSavedDto } from './dto/thresholds.dto';

const PAGE = 500;

/** Per subject, the severity of its hit ('' for a hit stored without one): a finding is keyed by host × subject. */
const bySubject = (hits: readonly { subject: string; severity: Severity | null }[]): Map<string, string> =>
  new Map(hits.map((h) => [h.subject, h.severity ?? '']));

/** Why a re-evaluation runs, in words: "alice changed thresholds of envoy-wasm-vm-explosion: warningVms 256 → 100". */
export function thresholdChangeReason(author: string, ruleId: string, old: Record<string, number>, now: Record<string, number>): string {
  return `${author} changed thresholds of ${ruleId}: ${describeThresholdChange(ruleById(ruleId)?.thresholds ?? [], old, now)}`;
}

@Injectable()
export class ThresholdsService {
  constructor(
    private readonly settings: SettingsRepository,
    private readonly evaluations: EvaluationRepository,
    private readonly reevaluations: ReevaluationRuns,
    private readonly activity: ActivityService,
  ) {}

  private overrides(): Promise<ThresholdOverrides> {
    return this.settings.thresholdOverrides();
  }

  /** The rule's thresholds in force with `values` applied, after checking names and numbers. */
  private async merged(ruleId: string, values: Record<string, number>): Promise<Record<string, number>> {
    const rule = ruleById(ruleId);
    if (!rule) throw new ProblemException(404, 'not-found', `No rule ${ruleId}.`);
    const known = new Map(rule.thresholds.map((t) => [t.name, t]));
    const errors = Object.entries(values).flatMap(([name, v]) =>
      !known.has(name)
        ? [{ path: `values.${name}`, reason: `not a threshold of ${ruleId}; it has ${[...known.keys()].join(', ') || 'none'}` }]
        : typeof v !== 'number' || !Number.isFinite(v) || v < 0
          ? [{ path: `values.${name}`, reason: 'must be a finite number ≥ 0' }]
          : [],
    );
    if (errors.length) throw invalidFields(errors);
    const current = (await this.overrides())[ruleId] ?? {};
    return { ...Object.fromEntries(rule.thresholds.map((t) => [t.name, t.default])), ...current, ...values };
  }

  /** How many findings (host × subject) of the rule would open, close or change severity under new values, from the stored latest reports. */
  async preview(ruleId: string, values: Record<string, number>): Promise<ThresholdPreviewDto> {
    const thresholds = await this.merged(ruleId, values);
    const all = await this.overrides();
    const result = { ruleId, thresholds, hostsEvaluated: 0, wouldOpen: 0, wouldClose: 0, wouldChangeSeverity: 0 };
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const rows = await this.evaluations.latestReportsPage(after, PAGE, ruleId, HISTORY_SAMPLES);
      if (rows.length === 0) break;
      after = rows[rows.length - 1].host_id;
      for (const row of rows) {
        const { report, history } = reportFromRow(row);
        const results = evaluateReport(report, { history, ruleIds: [ruleId], thresholds: { ...all, [ruleId]: thresholds } });
        // Compared per subject, not by the host's worst severity: a warning that goes on a host that keeps a
        // critical is a finding that closes.
        const before = bySubject(row.hits ?? []);
        const now = bySubject(results.filter((r) => r.outcome === 'hit'));
        result.hostsEvaluated++;
        for (const subject of new Set([...before.keys(), ...now.keys()])) {
          const [was, is] = [before.get(subject), now.get(subject)];
          if (was === undefined) result.wouldOpen++;
          else if (is === undefined) result.wouldClose++;
          else if (was !== is) result.wouldChangeSeverity++;
        }
      }
    }
    return result;
  }

  async save(ruleId: string, values: Record<string, number>, by: Principal): Promise<ThresholdsSavedDto> {
    const author = by.kind === 'api' ? by.name : 'agent';
    const old = await this.merged(ruleId, {});
    const thresholds = await this.merged(ruleId, values);
    const rule = ruleById(ruleId)!;
    // Store only what differs from the defaults, so a later default change still applies elsewhere.
    const differing = Object.fromEntries(Object.entries(thresholds).filter(([n, v]) => rule.thresholds.find((t) => t.name === n)?.default !== v));
    await this.settings.setRuleThresholds(ruleId, differing);
    const reevaluationId = await this.reevaluations.start(thresholdChangeReason(author, ruleId, old, thresholds));
    await this.activity.record(by, { action: 'thresholds.changed', targetType: 'rule', targetId: ruleId, details: { old, new: thresholds, reevaluationId } });
    return { ruleId, thresholds, reevaluationId };
  }
}
