import { createContext, useContext } from 'react';
import type { Role, WhoAmI } from './api/types';

export interface Session {
  who: WhoAmI;
  signOut: () => void;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside a signed-in shell');
  return s;
}

const RANK: Record<Role, number> = { viewer: 1, operator: 2, admin: 3 };

/** Whether the signed-in role is at least `min` (viewer < operator < admin). */
export function useCan(min: Role): boolean {
  return RANK[useSession().who.role] >= RANK[min];
}
