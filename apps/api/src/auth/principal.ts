import type { Role } from '@memfleet/contracts';

export type Principal =
  | { kind: 'agent'; tokenId: string; hostId: string; machineId: string; dmiProductUuid: string }
  /** `sessionId`: signed in by a session cookie rather than a bearer token. */
  | { kind: 'api'; tokenId: string; name: string; role: Role; sessionId?: string };

export const ROLE_RANK: Record<Role, number> = { viewer: 1, operator: 2, admin: 3 };
