import type { HostsRepository, SilencesRepository } from '@memfleet/persistence';

/**
 * Re-applies a rule's silences to its findings (after a silence is created, revoked or ran out) and
 * recounts the hosts whose totals changed; returns how many hosts changed.
 */
export async function applySilences(silences: SilencesRepository, hosts: HostsRepository, ruleId: string): Promise<number> {
  const hostIds = await silences.applyToFindings(ruleId);
  if (hostIds.length) await hosts.recountHits(hostIds);
  return hostIds.length;
}
