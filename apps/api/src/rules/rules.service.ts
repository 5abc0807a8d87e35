import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { THRESHOLDS_SETTING } from '@memfleet/evaluation';
import { catalogue, catalogueRevision, ruleById } from '@memfleet/rules';
import { ProblemException } from '../common/problem.exception';
import type { RuleDto, RuleListDto } from './dto/rules.dto';

@Injectable()
export class RulesService {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  async list(): Promise<RuleListDto> {
    const overrides = await this.overrides();
    const affected = await this.affected();
    return { items: catalogue.map((r) => this.toDto(r.id, overrides, affected)), catalogueRevision };
  }

  async get(id: string): Promise<RuleDto> {
    if (!ruleById(id)) throw new ProblemException(404, 'not-found', `No rule ${id}.`);
    return this.toDto(id, await this.overrides(), await this.affected(id));
  }

  private toDto(id: string, overrides: Record<string, Record<string, number>>, affected: Map<string, RuleDto['hostsAffected']>): RuleDto {
    const r = ruleById(id)!;
    return {
      id: r.id,
      version: r.version,
      title: r.title,
      explanation: r.explanation,
      severityLogic: r.severityLogic,
      facts: [...r.facts],
      sources: r.sources.map((s) => ({ title: s.title, url: s.url })),
      remediationKeys: [...r.remediationKeys],
      thresholds: r.thresholds.map((t) => ({ name: t.name, default: t.default, value: overrides[r.id]?.[t.name] ?? t.default, unit: t.unit, description: t.description })),
      appliesTo: r.appliesTo,
      hostsAffected: affected.get(r.id) ?? { critical: 0, warning: 0, info: 0 },
    };
  }

  private async overrides(): Promise<Record<string, Record<string, number>>> {
    const rows: { value: Record<string, Record<string, number>> }[] = await this.ds.query(`SELECT value FROM settings WHERE key = $1`, [THRESHOLDS_SETTING]);
    return rows[0]?.value ?? {};
  }

  private async affected(ruleId?: string): Promise<Map<string, RuleDto['hostsAffected']>> {
    const rows: { rule_id: string; critical: number; warning: number; info: number }[] = await this.ds.query(
      `SELECT f.rule_id, count(DISTINCT f.host_id) FILTER (WHERE f.severity = 'critical')::int AS critical,
              count(DISTINCT f.host_id) FILTER (WHERE f.severity = 'warning')::int AS warning,
              count(DISTINCT f.host_id) FILTER (WHERE f.severity = 'info')::int AS info
         FROM findings f JOIN hosts h ON h.id = f.host_id
        WHERE f.outcome = 'hit' AND NOT f.silenced AND h.retired_at IS NULL ${ruleId ? 'AND f.rule_id = $1' : ''} GROUP BY f.rule_id`,
      ruleId ? [ruleId] : [],
    );
    return new Map(rows.map((r) => [r.rule_id, { critical: r.critical, warning: r.warning, info: r.info }]));
  }
}
