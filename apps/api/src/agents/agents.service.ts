import { Injectable } from '@nestjs/common';
import { checkLabels } from '@memfleet/contracts';
import { HostsRepository, SettingsRepository } from '@memfleet/persistence';
import { hashToken, newToken, sameHash } from '../auth/token-hash';
import { ProblemException, invalidFields } from '../common/problem.exception';
import type { EnrollRequestDto, EnrollResponseDto } from './dto/enroll.dto';

@Injectable()
export class AgentsService {
  constructor(
    private readonly settings: SettingsRepository,
    private readonly hosts: HostsRepository,
  ) {}

  async enroll(dto: EnrollRequestDto): Promise<EnrollResponseDto> {
    const labels = dto.labels ?? {};
    const bad = checkLabels(labels, 'labels');
    if (bad.length) throw invalidFields(bad);
    const secretHash = await this.settings.enrollSecretHash();
    if (!secretHash || !sameHash(secretHash, hashToken(dto.enrollSecret))) {
      throw new ProblemException(401, 'bad-enroll-secret', 'The enroll secret is wrong.');
    }
    const token = newToken('mfk');
    const hostId = await this.hosts.enroll(
      { machineId: dto.machineId, dmiProductUuid: dto.dmiProductUuid ?? '', hostname: dto.hostname, labels },
      hashToken(token),
    );
    return { hostId, agentToken: token };
  }
}
