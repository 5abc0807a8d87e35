import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Response } from 'express';
import { agentTokenRequired, principalOf, type AccessRequest } from '../auth/bearer';
import type { Principal } from '../auth/principal';
import { SessionService } from '../auth/session.service';
import { TokenService } from '../auth/token.service';
import { checkRequestText } from '../common/input-text.interceptor';
import { ReportIntake } from './report-intake';

/**
 * POST /api/v1/reports without Nest's router, guard, interceptor, pipes and rxjs (about a quarter of a
 * report's CPU, bench/http-path.bench.ts): the bulk of all requests. Mounted as ReportsModule middleware,
 * so Express runs it after main.ts's middleware (security headers, authenticateFirst, jsonBody) and the
 * request logger, and before Nest's routes; the controller's handler stays for the OpenAPI document.
 * It does what the Nest path did, in its order: the AuthGuard's checks of an @AgentOnly route (401,
 * 403 for an API token), the InputTextInterceptor's (query text), then ReportIntake. Every error goes
 * to next(), where the global ProblemFilter answers it (problem+json, the request id, Retry-After, the
 * rejected-reports counter) as for any route.
 */
@Injectable()
export class RawReportRoute implements NestMiddleware {
  constructor(
    private readonly tokens: TokenService,
    private readonly sessions: SessionService,
    private readonly intake: ReportIntake,
  ) {}

  use(req: AccessRequest & { principal?: Principal }, res: Response, next: NextFunction): void {
    this.serve(req, res).catch(next);
  }

  private async serve(req: AccessRequest & { principal?: Principal }, res: Response): Promise<void> {
    const principal = await principalOf(req, this.tokens, this.sessions);
    req.principal = principal;
    if (principal.kind !== 'agent') throw agentTokenRequired();
    checkRequestText(req);
    const idempotencyKey = req.headers['idempotency-key'];
    const answer = await this.intake.post({
      body: req.body as unknown,
      principal,
      idempotencyKey: typeof idempotencyKey === 'string' ? idempotencyKey : undefined,
      wait: req.query.wait,
    });
    res.status(answer.status).json(answer.body);
  }
}
