import { Injectable } from '@nestjs/common';
import { HostsRepository } from '@memfleet/persistence';
import { invalidFields } from '../common/problem.exception';
import type { RuntimeInventoryPageDto, RuntimeInventoryQueryDto } from './dto/inventory.dto';

// The inventory is a small aggregate (kinds × versions), read whole for each page: an offset cursor is exact.
const encodeOffset = (offset: number) => Buffer.from(JSON.stringify({ offset })).toString('base64url');

function decodeOffset(raw: string | undefined): number {
  if (!raw) return 0;
  try {
    const c = JSON.parse(Buffer.from(raw, 'base64url').toString()) as { offset?: unknown } | null;
    if (c && Number.isSafeInteger(c.offset) && (c.offset as number) >= 0) return c.offset as number;
  } catch {
    // not JSON: refused below
  }
  throw invalidFields([{ path: 'query.cursor', reason: 'is not a cursor this API returned' }]);
}

/** A version term the hosts search reads back as this exact version (a version with a space cannot be a term). */
const hostsQuery = (kind: string, version: string | null) =>
  `runtime:${kind}${version && /^\S+$/.test(version) && /\d/.test(version) ? ` version:=${version}` : ''}`;

@Injectable()
export class InventoryService {
  constructor(private readonly hosts: HostsRepository) {}

  async runtimes(query: RuntimeInventoryQueryDto): Promise<RuntimeInventoryPageDto> {
    const limit = query.limit ?? 100;
    const offset = decodeOffset(query.cursor);
    const { total, rows } = await this.hosts.runtimeInventory(query.kind ?? null, query.sort ?? '-hosts', offset, limit);
    return {
      items: rows.map((r) => ({ ...r, hostsQuery: hostsQuery(r.kind, r.version) })),
      nextCursor: offset + rows.length < total ? encodeOffset(offset + rows.length) : null,
      total,
    };
  }
}
