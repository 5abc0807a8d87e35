import { Injectable } from '@nestjs/common';
import { checkLabels } from '@memfleet/contracts';
import { EnrollSecretsRepository, HostsRepository, SettingsRepository } from '@memfleet/persistence';
import { catalogue, catalogueRevision } from '@memfleet/rules';
import { hashToken, newToken } from '../auth/token-hash';
import { RateLimits } from '../auth/rate-limits';
import { TokenService } from '../auth/token.service';
import { ProblemException, invalidFields } from '../common/problem.exception';
import type { AgentRulesDto } from './dto/agent-rules.dto';
import type { EnrollRequestDto, EnrollResponseDto } from './dto/enroll.dto';

/** Enrolment of agents, and what an enrolled agent needs to evaluate like the server. */
@Injectable()
export class AgentsService {
  constructor(
    private readonly secrets: EnrollSecretsRepository,
    private readonly hosts: HostsRepository,
    private readonly settings: SettingsRepository,
    private readonly resolver: TokenService,
    private readonly limits: RateLimits,
  ) {}

  /**
   * A new machine gets a host and a token. A machine that is already a host (Fleet's model: hosts are
   * transferred or deleted by an admin) enrolls again only with an admin's re-enroll grant, which revokes
   * its previous tokens; without one the answer is 409 and nothing changes, so the enroll secret alone
   * cannot take over a host.
   */
  async enroll(dto: EnrollRequestDto, clientAddressKey: string): Promise<EnrollResponseDto> {
    const labels = dto.labels ?? {};
    const bad = checkLabels(labels, 'labels');
    if (bad.length) throw invalidFields(bad);
    if (!(await this.secrets.useValid(hashToken(dto.enrollSecret)))) {
      // Counted as it fails, atomically: of parallel guesses only the allowance gets a 401, the rest 429.
      const verdict = await this.limits.consume('enroll-failures', clientAddressKey);
      if (!verdict.allowed) {
        throw new ProblemException(
          429,
          'too-many-failures',
          'Too many failed attempts from this address; retry after the time in Retry-After.',
          {},
          verdict.retryAfterSeconds,
        );
      }
      throw new ProblemException(401, 'bad-enroll-secret', 'The enroll secret is wrong, expired or revoked.');
    }
    const token = newToken('mfk');
    const host = { machineId: dto.machineId, dmiProductUuid: dto.dmiProductUuid ?? '', hostname: dto.hostname, labels };
    const { hostId, created } = await this.hosts.enroll(host, hashToken(token));
    if (created) return { hostId, agentToken: token };
    const revoked = await this.hosts.reenroll(hostId, host, hashToken(token));
    if (revoked === null) {
      throw new ProblemException(
        409,
        'host-already-enrolled',
        `This machine is already enrolled as host ${hostId}, and its agent keeps that host's token in its config file. ` +
          `To enroll it again (its previous tokens are then revoked), an admin grants a re-enroll: POST /api/v1/hosts/${hostId}/re-enroll-grant; ` +
          'or deletes the host.',
        { hostId },
      );
    }
    if (revoked > 0) await this.resolver.invalidate();
    return { hostId, agentToken: token };
  }

  /** The catalogue revision and every threshold in force, as the workers evaluate with them. */
  async rules(): Promise<AgentRulesDto> {
    const overrides = await this.settings.thresholdOverrides();
    const thresholds = Object.fromEntries(
      catalogue.map((r) => [r.id, Object.fromEntries(r.thresholds.map((t) => [t.name, overrides[r.id]?.[t.name] ?? t.default]))]),
    );
    return { catalogueRevision, thresholds };
  }
}
