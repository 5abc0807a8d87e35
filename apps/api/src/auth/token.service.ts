import { Injectable } from '@nestjs/common';
import { TokensRepository } from '@memfleet/persistence';
import { hashToken } from './token-hash';
import type { Principal } from './principal';

const CACHE_TTL_MS = 10_000;

/** Resolves bearer tokens; a short cache keeps the hot ingest path to one lookup per host per 10 s. */
@Injectable()
export class TokenService {
  private readonly cache = new Map<string, { principal: Principal | null; at: number }>();

  constructor(private readonly tokens: TokensRepository) {}

  async resolve(token: string): Promise<Principal | null> {
    const hash = hashToken(token);
    const hit = this.cache.get(hash);
    if (hit && Date.now() - hit.at < CACHE_TTL_MS) return hit.principal;
    const principal = await this.lookup(hash);
    if (this.cache.size > 50_000) this.cache.clear();
    this.cache.set(hash, { principal, at: Date.now() });
    return principal;
  }

  invalidate(): void {
    this.cache.clear();
  }

  private async lookup(hash: string): Promise<Principal | null> {
    const a = await this.tokens.useAgentToken(hash);
    if (a) return { kind: 'agent', tokenId: a.id, hostId: a.host_id, machineId: a.machine_id, dmiProductUuid: a.dmi_product_uuid };
    const api = await this.tokens.useApiToken(hash);
    return api ? { kind: 'api', tokenId: api.id, name: api.name, role: api.role } : null;
  }
}
