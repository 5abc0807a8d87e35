import { SetMetadata, applyDecorators, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { ApiResponse, DECORATORS } from '@nestjs/swagger';
import type { Role } from '@memfleet/contracts';
import { ProblemDto } from '../common/problem.dto';
import type { Principal } from './principal';

export const PUBLIC_KEY = 'memfleet:public';
export const ROLE_KEY = 'memfleet:role';
export const AGENT_KEY = 'memfleet:agent';

/** OpenAPI security requirements: `{}` is the anonymous one. */
const ANONYMOUS = [{}];
export const BEARER_OR_ANONYMOUS = [{ bearer: [] }, {}];

/** No token needed (and openapi.json says so). */
export const Public = () => applyDecorators(SetMetadata(PUBLIC_KEY, true), SetMetadata(DECORATORS.API_SECURITY, ANONYMOUS));
/** An API token with at least this role (the default for every route is viewer). */
export const RequireRole = (role: Role) => SetMetadata(ROLE_KEY, role);
/** A per-host agent token. */
export const AgentOnly = () => SetMetadata(AGENT_KEY, true);

/** OpenAPI: the route may answer 429 with Retry-After (see RateLimits). */
export const ApiRateLimited = (description: string) =>
  ApiResponse({
    status: 429,
    type: ProblemDto,
    description,
    headers: { 'Retry-After': { description: 'Seconds until the limit allows the request again', schema: { type: 'integer', minimum: 1 } } },
  });

export const CurrentPrincipal = createParamDecorator(
  (_: unknown, ctx: ExecutionContext) => ctx.switchToHttp().getRequest<{ principal?: Principal }>().principal,
);
