import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import IORedis from 'ioredis';
import { APP_CONFIG, type AppConfig } from '@memfleet/platform';

/**
 * The Redis connection of per-request access checks (revocation epoch, rate limits), or null in embedded
 * mode. It fails fast instead of queueing commands: a Redis outage must never hold a request, and a hung
 * Redis costs each request at most two 200 ms timeouts (epoch read, rate limit) before they fail open.
 */
@Injectable()
export class AccessRedis implements OnApplicationShutdown {
  readonly client: IORedis | null;
  private readonly prefix: string;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.prefix = `${config.queuePrefix}:access`;
    this.client = config.redisUrl
      ? new IORedis(config.redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 2000, commandTimeout: 200 })
      : null;
    this.client?.on('error', () => undefined); // outages are reported by the callers that fail open
  }

  /** A key of this deployment (MEMFLEET_QUEUE_PREFIX) for access state. */
  key(name: string): string {
    return `${this.prefix}:${name}`;
  }

  onApplicationShutdown(): void {
    this.client?.disconnect();
  }
}
