import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Role } from '@memfleet/contracts';
import { APP_CONFIG, type AppConfig } from '@memfleet/platform';
import { METRICS_KEY } from '../metrics/metrics-access.decorator';
import { ProblemException } from '../common/problem.exception';
import { AGENT_KEY, PUBLIC_KEY, ROLE_KEY } from './auth.decorators';
import { agentTokenRequired, principalOf, type AccessRequest } from './bearer';
import { ROLE_RANK, type Principal } from './principal';
import { SessionService } from './session.service';
import { TokenService } from './token.service';

/** Every route needs a token unless marked @Public(); API routes default to the viewer role. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
    private readonly sessions: SessionService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    if (this.config.metricsPublic && this.reflector.getAllAndOverride<boolean>(METRICS_KEY, targets)) return true;
    const req = ctx.switchToHttp().getRequest<AccessRequest & { principal?: Principal }>();
    const principal = await principalOf(req, this.tokens, this.sessions);
    req.principal = principal;
    const agentRoute = this.reflector.getAllAndOverride<boolean>(AGENT_KEY, targets);
    if (agentRoute) {
      if (principal.kind !== 'agent') throw agentTokenRequired();
      return true;
    }
    if (principal.kind !== 'api') throw new ProblemException(403, 'forbidden', 'Agent tokens can only post reports.');
    const needed = this.reflector.getAllAndOverride<Role>(ROLE_KEY, targets) ?? 'viewer';
    if (ROLE_RANK[principal.role] < ROLE_RANK[needed]) {
      throw new ProblemException(403, 'forbidden', `This needs the ${needed} role; the ${principal.sessionId ? 'session' : 'token'} has ${principal.role}.`);
    }
    return true;
  }
}
