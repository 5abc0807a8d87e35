import type { Principal } from '../auth/principal';

/** Who an activity entry names: an API token by its name and role; an agent by its host. */
export function activityActor(p: Principal): { actor: string; actorRole: string } {
  return p.kind === 'api' ? { actor: p.name, actorRole: p.role } : { actor: `agent:${p.hostId}`, actorRole: 'agent' };
}
