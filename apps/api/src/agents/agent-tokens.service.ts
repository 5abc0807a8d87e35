import { Injectable } from '@nestjs/common';
import { HostsRepository, TokensRepository } from '@memfleet/persistence';
import { ActivityService } from '../activity/activity.service';
import type { Principal } from '../auth/principal';
import { TokenService } from '../auth/token.service';
import { futureTimestamp } from '../common/future-timestamp';
import { ProblemException } from '../common/problem.exception';
import { wire } from '../common/wire';
import type { AgentTokenDto, ReenrollGrantDto } from './dto/agent-tokens.dto';

const GRANT_DEFAULT_MS = 3600_000;
const GRANT_MAX_MS = 7 * 86_400_000;

const noHost = (id: string) => new ProblemException(404, 'not-found', `No host ${id}.`);

/** Admins' control of a host's agent tokens: list, revoke, and the grant that lets the host enroll again. */
@Injectable()
export class AgentTokensService {
  constructor(
    private readonly hosts: HostsRepository,
    private readonly tokens: TokensRepository,
    private readonly resolver: TokenService,
    private readonly activity: ActivityService,
  ) {}

  async list(hostId: string): Promise<AgentTokenDto[]> {
    if (!(await this.hosts.exists(hostId))) throw noHost(hostId);
    return wire(await this.tokens.listAgentTokens(hostId));
  }

  async revoke(hostId: string, tokenId: string, by: Principal): Promise<void> {
    const revoked = await this.activity.recorded(
      by,
      (m) => this.tokens.revokeAgentToken(hostId, tokenId, m),
      (done) => (done ? { action: 'agent-token.revoked', targetType: 'agent-token', targetId: tokenId, details: { hostId } } : null),
    );
    if (!revoked) {
      if (!(await this.hosts.exists(hostId))) throw noHost(hostId);
      throw new ProblemException(404, 'not-found', `Host ${hostId} has no active agent token ${tokenId}.`);
    }
    await this.resolver.invalidate();
  }

  async grantReenroll(hostId: string, expiresAt: string | undefined, by: Principal): Promise<ReenrollGrantDto> {
    const grantedBy = by.kind === 'api' ? by.name : null;
    const expires = expiresAt ? futureTimestamp(expiresAt, 'expiresAt', GRANT_MAX_MS) : new Date(Date.now() + GRANT_DEFAULT_MS);
    const grant = await this.activity.recorded(
      by,
      (m) => this.hosts.grantReenroll(hostId, expires, grantedBy, m),
      (g) => (g ? { action: 're-enroll-grant.created', targetType: 'host', targetId: hostId, details: { expiresAt: g.expiresAt.toISOString() } } : null),
    );
    if (!grant) throw noHost(hostId);
    return wire(grant);
  }
}
