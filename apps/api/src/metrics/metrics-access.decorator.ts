import { SetMetadata, applyDecorators } from '@nestjs/common';
import { DECORATORS } from '@nestjs/swagger';
import { BEARER_OR_ANONYMOUS } from '../auth/auth.decorators';

export const METRICS_KEY = 'memfleet:metrics';

/** Public when MEMFLEET_METRICS_PUBLIC=true, else a viewer token (decided by the AuthGuard). */
export const MetricsAccess = () => applyDecorators(SetMetadata(METRICS_KEY, true), SetMetadata(DECORATORS.API_SECURITY, BEARER_OR_ANONYMOUS));
