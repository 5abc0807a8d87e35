import { Injectable } from '@nestjs/common';
import { FindingsRepository, SettingsRepository, type ThresholdOverrides } from '@memfleet/persistence';
import { catalogue, catalogueRevision, ruleById, ruleTexts } from '@memfleet/rules';
import { ProblemException } from '../common/problem.exception';
import type { RuleDto, RuleListDto } from './dto/rules.dto';

@Injectable()
export class RulesService {
  constructor(
    private readonly settings: SettingsRepository,
    private readonly findings: FindingsRepository,
  ) {}

  async list(): Promise<RuleListDto> {
    const overrides = await this.settings.thresholdOverrides();
    const affected = await this.affected();
    return { items: catalogue.map((r) => this.toDto(r.id, overrides, affected)), catalogueRevision };
  }

  async get(id: string): Promise<RuleDto> {
    if (!ruleById(id)) throw new ProblemException(404, 'not-found', `No rule ${id}.`);
    return this.toDto(id, await this.settings.thresholdOverrides(), await this.affected(id));
  }

  private toDto(id: string, overrides: ThresholdOverrides, affected: Map<string, RuleDto['hostsAffected']>): RuleDto {
    const r = ruleById(id)!;
    // The texts quote the thresholds in force, the same values the table below lists.
    const texts = ruleTexts.render(r.id, overrides[r.id] ?? {});
    return {
      id: r.id,
      version: r.version,
      title: r.title,
      explanation: texts.explanation,
      severityLogic: texts.severityLogic,
      facts: [...r.facts],
      inputs: [...r.inputs],
      sources: r.sources.map((s) => ({ title: s.title, url: s.url })),
      remediationKeys: [...r.remediationKeys],
      remediations: r.remediationKeys.map((key) => ({ key, effect: r.remediationTemplates[key].effect, source: r.remediationTemplates[key].source })),
      thresholds: r.thresholds.map((t) => ({
        name: t.name,
        default: t.default,
        value: overrides[r.id]?.[t.name] ?? t.default,
        unit: t.unit,
        description: t.description,
      })),
      appliesTo: r.appliesTo,
      hostsAffected: affected.get(r.id) ?? { critical: 0, warning: 0, info: 0 },
    };
  }

  private async affected(ruleId?: string): Promise<Map<string, RuleDto['hostsAffected']>> {
    const rows = await this.findings.hostsAffected(ruleId);
    return new Map(rows.map((r) => [r.rule_id, { critical: r.critical, warning: r.warning, info: r.info }]));
  }
}
