import { SetMetadata, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Role } from '@memfleet/persistence';
import type { Principal } from './principal';

export const PUBLIC_KEY = 'memfleet:public';
export const ROLE_KEY = 'memfleet:role';
export const AGENT_KEY = 'memfleet:agent';

/** No token needed. */
export const Public = () => SetMetadata(PUBLIC_KEY, true);
/** An API token with at least this role (the default for every route is viewer). */
export const RequireRole = (role: Role) => SetMetadata(ROLE_KEY, role);
/** A per-host agent token. */
export const AgentOnly = () => SetMetadata(AGENT_KEY, true);

export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext) => ctx.switchToHttp().getRequest<{ principal?: Principal }>().principal);
