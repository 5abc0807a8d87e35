import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { checkLabels } from '@memfleet/contracts';
import { ENROLL_SECRET_SETTING } from '../auth/bootstrap-credentials';
import { hashToken, newToken, sameHash } from '../auth/token-hash';
import { ProblemException, invalidFields } from '../common/problem.exception';
import type { EnrollRequestDto, EnrollResponseDto } from './dto/enroll.dto';

@Injectable()
export class AgentsService {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  async enroll(dto: EnrollRequestDto): Promise<EnrollResponseDto> {
    const labels = dto.labels ?? {};
    const bad = checkLabels(labels, 'labels');
    if (bad.length) throw invalidFields(bad);
    const rows: { value: string }[] = await this.ds.query(`SELECT value #>> '{}' AS value FROM settings WHERE key = $1`, [ENROLL_SECRET_SETTING]);
    if (!rows[0] || !sameHash(rows[0].value, hashToken(dto.enrollSecret))) {
      throw new ProblemException(401, 'bad-enroll-secret', 'The enroll secret is wrong.');
    }
    const token = newToken('mfk');
    return this.ds.transaction(async (m) => {
      const hosts: { id: string }[] = await m.query(
        `INSERT INTO hosts (machine_id, dmi_product_uuid, hostname, agent_labels, labels)
         VALUES ($1, $2, $3, $4::jsonb, $4::jsonb)
         ON CONFLICT (machine_id, dmi_product_uuid) DO UPDATE SET hostname = EXCLUDED.hostname, retired_at = NULL,
           agent_labels = EXCLUDED.agent_labels, labels = EXCLUDED.agent_labels || hosts.admin_labels
         RETURNING id`,
        [dto.machineId, dto.dmiProductUuid ?? '', dto.hostname, JSON.stringify(labels)],
      );
      await m.query(`INSERT INTO agent_tokens (host_id, token_hash) VALUES ($1, $2)`, [hosts[0].id, hashToken(token)]);
      return { hostId: hosts[0].id, agentToken: token };
    });
  }
}
