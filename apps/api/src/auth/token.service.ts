import { Injectable, Logger } from '@nestjs/common';
import { TokensRepository } from '@memfleet/persistence';
import { AccessRedis } from './access-redis';
import { hashToken } from './token-hash';
import type { Principal } from './principal';

const CACHE_TTL_MS = 10_000;
const EPOCH_KEY = 'revocation-epoch';
const CACHEABLE = Promise.resolve(true);

interface Cached {
  principal: Principal | null;
  /** Epoch ms after which an API token no longer authenticates; null: no expiry. */
  expiresAt: number | null;
  at: number;
}

export type TokenCheck = { ok: true; principal: Principal } | { ok: false; reason: 'unknown' | 'expired' };

/**
 * Resolves bearer tokens; a short cache keeps the hot ingest path to one lookup per host per 10 s. With
 * Redis, every process reads a revocation epoch for each request and drops its cache when it moved, so a
 * revocation on one API process holds on all of them from their next request. Concurrent requests share
 * reads: at most one is in flight, and the requests that arrive meanwhile share the one sent when it is
 * answered. Not the one in flight: Redis may have answered it before a revocation this request must see
 * (its INCR acknowledged, the revoker answered and now calling here, the reply still on its way).
 */
@Injectable()
export class TokenService {
  private readonly logger = new Logger('auth');
  private readonly cache = new Map<string, Cached>();
  /** Bumped whenever the cache is dropped: a lookup that started before must not refill it. */
  private generation = 0;
  /** The last epoch read from Redis; undefined while it could not be read. */
  private epoch: string | undefined;
  private epochUnreadable = false;
  /** The epoch read in flight, and the one the requests that arrived during it wait for. */
  private epochRead: Promise<boolean> | null = null;
  private nextEpochRead: Promise<boolean> | null = null;

  constructor(
    private readonly tokens: TokensRepository,
    private readonly redis: AccessRedis,
  ) {}

  async check(token: string): Promise<TokenCheck> {
    const hash = hashToken(token);
    const cacheable = await this.syncEpoch();
    let entry = cacheable ? this.cache.get(hash) : undefined;
    if (!entry || Date.now() - entry.at >= CACHE_TTL_MS) {
      const generation = this.generation;
      entry = await this.lookup(hash);
      if (cacheable && generation === this.generation) {
        if (this.cache.size > 50_000) this.cache.clear();
        this.cache.set(hash, entry);
      }
    }
    if (!entry.principal) return { ok: false, reason: 'unknown' };
    if (entry.expiresAt !== null && entry.expiresAt <= Date.now()) return { ok: false, reason: 'expired' };
    return { ok: true, principal: entry.principal };
  }

  async resolve(token: string): Promise<Principal | null> {
    const checked = await this.check(token);
    return checked.ok ? checked.principal : null;
  }

  /**
   * THE call after anything that revokes or removes a token (API token revoked, host deleted, agent token
   * replaced): this process drops its cache now, every other API process before its next request. Await it
   * before answering, so the caller's next request on any process sees the change.
   */
  async invalidate(): Promise<void> {
    this.dropCache();
    if (!this.redis.client) return; // embedded mode: one process
    try {
      await this.redis.client.incr(this.redis.key(EPOCH_KEY));
    } catch (err) {
      // While Redis is away no process caches (syncEpoch), so the revocation still holds everywhere.
      this.logger.warn(`revocation epoch not published (Redis: ${(err as Error).message}); processes bypass their token cache until Redis answers`);
    }
  }

  /**
   * True when the cache may be used: the epoch was read by a GET sent after this call (and the cache
   * dropped if it moved). Requests that arrive while a read is in flight wait for it to be answered and
   * share the read sent then; if the one in flight failed (Redis away or hung), they do without the
   * cache instead, so a hung Redis still costs a request one timeout here, not two.
   */
  private syncEpoch(): Promise<boolean> {
    if (!this.redis.client) return CACHEABLE;
    if (!this.epochRead) return this.startEpochRead();
    this.nextEpochRead ??= this.epochRead.then((read) => {
      this.nextEpochRead = null;
      if (!read) return false;
      // A read another request started once the last one was answered was sent after these arrived too.
      return this.epochRead ?? this.startEpochRead();
    });
    return this.nextEpochRead;
  }

  private startEpochRead(): Promise<boolean> {
    const read = this.readEpoch().finally(() => {
      if (this.epochRead === read) this.epochRead = null;
    });
    this.epochRead = read;
    return read;
  }

  private async readEpoch(): Promise<boolean> {
    let epoch: string;
    try {
      epoch = (await this.redis.client!.get(this.redis.key(EPOCH_KEY))) ?? '0';
    } catch (err) {
      if (!this.epochUnreadable) this.logger.warn(`revocation epoch unreadable (Redis: ${(err as Error).message}); tokens are looked up on every request`);
      this.epochUnreadable = true;
      this.epoch = undefined;
      this.dropCache();
      return false;
    }
    if (this.epochUnreadable) this.logger.log('revocation epoch readable again; token cache back on');
    this.epochUnreadable = false;
    if (epoch !== this.epoch) {
      this.dropCache();
      this.epoch = epoch;
    }
    return true;
  }

  private dropCache(): void {
    this.cache.clear();
    this.generation++;
  }

  private async lookup(hash: string): Promise<Cached> {
    const at = Date.now();
    const a = await this.tokens.useAgentToken(hash);
    if (a) {
      return {
        principal: { kind: 'agent', tokenId: a.id, hostId: a.host_id, machineId: a.machine_id, dmiProductUuid: a.dmi_product_uuid },
        expiresAt: null,
        at,
      };
    }
    const api = await this.tokens.useApiToken(hash);
    if (!api) return { principal: null, expiresAt: null, at };
    return {
      principal: { kind: 'api', tokenId: api.id, name: api.name, role: api.role },
      expiresAt: api.expired ? at : (api.expiresAt?.getTime() ?? null),
      at,
    };
  }
}
