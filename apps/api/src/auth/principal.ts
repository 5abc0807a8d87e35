import type { Role } from '@memfleet/contracts';

export type Principal =
  { kind: 'agent'; tokenId: string; hostId: string; machineId: string; dmiProductUuid: string } | { kind: 'api'; tokenId: string; name: string; role: Role };

export const ROLE_RANK: Record<Role, number> = { viewer: 1, operator: 2, admin: 3 };
