import { Inject, Injectable, Logger } from '@nestjs/common';
import { Counter } from 'prom-client';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { APP_CONFIG, MemfleetMetrics, type AppConfig } from '@memfleet/platform';
import { AccessRedis } from './access-redis';

/** reports: per agent token; api: per API token; enroll-failures: per client address. */
export type LimitName = 'reports' | 'api' | 'enroll-failures';

export type LimitVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

const WINDOW_SECONDS = 60;
const ALLOWED: LimitVerdict = { allowed: true };

/**
 * Per-minute request limits, counted in Redis (so they hold across API processes) or in memory in
 * embedded mode. When Redis cannot be reached a limit lets the request through: a Redis outage must
 * never refuse reports. The outage is logged once and every request let through is counted.
 */
@Injectable()
export class RateLimits {
  private readonly logger = new Logger('rate-limits');
  private readonly limiters: Record<LimitName, RateLimiterAbstract>;
  private readonly rejected: Counter;
  private readonly unchecked: Counter;
  private outage = false;

  constructor(@Inject(APP_CONFIG) config: AppConfig, redis: AccessRedis, metrics: MemfleetMetrics) {
    const limiter = (name: LimitName, points: number): RateLimiterAbstract =>
      redis.client
        ? new RateLimiterRedis({
            storeClient: redis.client,
            keyPrefix: redis.key(`rate:${name}`),
            points,
            duration: WINDOW_SECONDS,
            rejectIfRedisNotReady: true,
          })
        : new RateLimiterMemory({ keyPrefix: name, points, duration: WINDOW_SECONDS });
    this.limiters = {
      reports: limiter('reports', config.rateReportsPerMinute),
      api: limiter('api', config.rateApiPerMinute),
      'enroll-failures': limiter('enroll-failures', config.rateEnrollFailuresPerMinute),
    };
    this.rejected = new Counter({
      name: 'memfleet_rate_limited_total',
      help: 'Requests answered 429 by a rate limit, by limit.',
      labelNames: ['limit'],
      registers: [metrics.registry],
    });
    this.unchecked = new Counter({
      name: 'memfleet_rate_limit_unavailable_total',
      help: 'Requests let through unchecked because the rate-limit store (Redis) did not answer, by limit.',
      labelNames: ['limit'],
      registers: [metrics.registry],
    });
  }

  /** Counts one request against `key`; refused once the minute's allowance is used. */
  async consume(name: LimitName, key: string): Promise<LimitVerdict> {
    try {
      await this.limiters[name].consume(key);
      this.restored();
      return ALLOWED;
    } catch (err) {
      if (err instanceof RateLimiterRes) return this.refuse(name, err);
      return this.failOpen(name, err);
    }
  }

  /** Whether `key` has used up the minute's allowance, without counting this request. */
  async exhausted(name: LimitName, key: string): Promise<LimitVerdict> {
    const limiter = this.limiters[name];
    try {
      const res = await limiter.get(key);
      this.restored();
      return res && res.consumedPoints >= limiter.points ? this.refuse(name, res) : ALLOWED;
    } catch (err) {
      return this.failOpen(name, err);
    }
  }

  private refuse(name: LimitName, res: RateLimiterRes): LimitVerdict {
    this.rejected.inc({ limit: name });
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(res.msBeforeNext / 1000)) };
  }

  private failOpen(name: LimitName, err: unknown): LimitVerdict {
    this.unchecked.inc({ limit: name });
    if (!this.outage) {
      this.outage = true;
      this.logger.warn(`rate limits are not enforced while Redis does not answer (${(err as Error).message ?? String(err)}); requests are let through`);
    }
    return ALLOWED;
  }

  private restored(): void {
    if (!this.outage) return;
    this.outage = false;
    this.logger.log('rate limits enforced again: Redis answers');
  }
}
