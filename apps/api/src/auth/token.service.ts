import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { preparedQuery, type Role } from '@memfleet/persistence';
import { hashToken } from './token-hash';
import type { Principal } from './principal';

const CACHE_TTL_MS = 10_000;

/** Resolves bearer tokens; a short cache keeps the hot ingest path to one lookup per host per 10 s. */
@Injectable()
export class TokenService {
  private readonly cache = new Map<string, { principal: Principal | null; at: number }>();

  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

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

  // TypeORM's query() returns [rows, count] for a bare UPDATE/DELETE; wrapping it in a CTE makes it a SELECT.
  private async lookup(hash: string): Promise<Principal | null> {
    const agents = await preparedQuery<{ id: string; host_id: string; machine_id: string; dmi_product_uuid: string }>(
      this.ds,
      'memfleet-agent-token',
      `WITH used AS (
         UPDATE agent_tokens t SET last_used_at = now() FROM hosts h
          WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND h.id = t.host_id
          RETURNING t.id, t.host_id, h.machine_id, h.dmi_product_uuid)
       SELECT * FROM used`,
      [hash],
    );
    if (agents[0]) {
      const a = agents[0];
      return { kind: 'agent', tokenId: a.id, hostId: a.host_id, machineId: a.machine_id, dmiProductUuid: a.dmi_product_uuid };
    }
    const apis = await preparedQuery<{ id: string; name: string; role: Role }>(
      this.ds,
      'memfleet-api-token',
      `WITH used AS (UPDATE api_tokens SET last_used_at = now() WHERE token_hash = $1 AND revoked_at IS NULL RETURNING id, name, role) SELECT * FROM used`,
      [hash],
    );
    return apis[0] ? { kind: 'api', tokenId: apis[0].id, name: apis[0].name, role: apis[0].role } : null;
  }
}
