import { SetMetadata } from '@nestjs/common';

export const METRICS_KEY = 'memfleet:metrics';

/** Public when MEMFLEET_METRICS_PUBLIC=true, else a viewer token (decided by the AuthGuard). */
export const MetricsAccess = () => SetMetadata(METRICS_KEY, true);
