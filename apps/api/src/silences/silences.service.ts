import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { checkLabels } from '@memfleet/contracts';
import { APPLY_SILENCES_SQL, RECOUNT_HOSTS_SQL } from '@memfleet/evaluation';
import { ruleById } from '@memfleet/rules';
import { invalidFields, ProblemException } from '../common/problem.exception';
import type { CreateSilenceDto, SilenceDto, SilencesQueryDto } from './dto/silences.dto';

const SELECT = `s.id, s.rule_id AS "ruleId", s.host_id AS "hostId", s.label_selector AS labels, s.reason, s.author, s.created_at AS "createdAt",
  s.expires_at AS "expiresAt", s.revoked_at AS "revokedAt", (s.revoked_at IS NULL AND s.expires_at > now()) AS active,
  (SELECT count(*)::int FROM findings f JOIN hosts h ON h.id = f.host_id
    WHERE f.rule_id = s.rule_id AND s.revoked_at IS NULL AND s.expires_at > now()
      AND (s.host_id = h.id OR (s.host_id IS NULL AND (s.label_selector IS NULL OR h.labels @> s.label_selector)))) AS "findingsCovered"`;

@Injectable()
export class SilencesService {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  async create(dto: CreateSilenceDto, author: string): Promise<SilenceDto> {
    if (!ruleById(dto.ruleId)) throw invalidFields([{ path: 'ruleId', reason: `no rule ${dto.ruleId}` }]);
    if (!dto.expiresAt === !dto.durationHours) throw invalidFields([{ path: 'expiresAt', reason: 'give exactly one of expiresAt or durationHours' }]);
    const expires = dto.expiresAt ? new Date(dto.expiresAt) : new Date(Date.now() + dto.durationHours! * 3600_000);
    if (expires.getTime() <= Date.now()) throw invalidFields([{ path: 'expiresAt', reason: 'must be in the future' }]);
    const badLabels = dto.labels ? checkLabels(dto.labels, 'labels') : [];
    if (badLabels.length) throw invalidFields(badLabels);
    if (dto.hostId && !(await this.ds.query(`SELECT 1 FROM hosts WHERE id = $1`, [dto.hostId])).length) throw invalidFields([{ path: 'hostId', reason: 'no such host' }]);
    const [row] = await this.ds.query(
      `INSERT INTO silences (rule_id, host_id, label_selector, reason, author, expires_at) VALUES ($1, $2, $3::jsonb, $4, $5, $6) RETURNING id`,
      [dto.ruleId, dto.hostId ?? null, dto.labels ? JSON.stringify(dto.labels) : null, dto.reason, author, expires],
    );
    await this.apply(dto.ruleId);
    return this.get(row.id);
  }

  async list(q: SilencesQueryDto): Promise<SilenceDto[]> {
    const where = [q.state === 'active' ? `s.revoked_at IS NULL AND s.expires_at > now()` : q.state === 'expired' ? `(s.revoked_at IS NOT NULL OR s.expires_at <= now())` : 'true'];
    const params: unknown[] = [];
    if (q.ruleId) {
      params.push(q.ruleId);
      where.push(`s.rule_id = $1`);
    }
    return this.ds.query(`SELECT ${SELECT} FROM silences s WHERE ${where.join(' AND ')} ORDER BY s.created_at DESC LIMIT 500`, params);
  }

  async get(id: string): Promise<SilenceDto> {
    const rows: SilenceDto[] = await this.ds.query(`SELECT ${SELECT} FROM silences s WHERE s.id = $1`, [id]);
    if (!rows[0]) throw new ProblemException(404, 'not-found', `No silence ${id}.`);
    return rows[0];
  }

  async revoke(id: string): Promise<void> {
    const rows: { rule_id: string }[] = await this.ds.query(
      `WITH r AS (UPDATE silences SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL RETURNING rule_id) SELECT rule_id FROM r`,
      [id],
    );
    if (!rows[0]) throw new ProblemException(404, 'not-found', `No active silence ${id}.`);
    await this.apply(rows[0].rule_id);
  }

  /** Re-applies a rule's silences to its findings and recounts the hosts that changed. */
  async apply(ruleId: string): Promise<number> {
    const hosts: { host_id: string }[] = await this.ds.query(APPLY_SILENCES_SQL, [ruleId]);
    if (hosts.length) await this.ds.query(RECOUNT_HOSTS_SQL('h.id = ANY($1::uuid[])'), [hosts.map((h) => h.host_id)]);
    return hosts.length;
  }

  /** Silences that ran out since the last sweep reopen their findings. */
  async applyExpired(withinSeconds: number): Promise<number> {
    const rules: { rule_id: string }[] = await this.ds.query(
      `SELECT DISTINCT rule_id FROM silences WHERE revoked_at IS NULL AND expires_at <= now() AND expires_at > now() - make_interval(secs => $1)`,
      [withinSeconds],
    );
    let n = 0;
    for (const r of rules) n += await this.apply(r.rule_id);
    return n;
  }
}
