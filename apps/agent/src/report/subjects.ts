import type { CollectedEntry, SubjectParts } from '../collectors/subject-parts';

/** What can tell processes with the same base name apart, in the order they are tried, and how each is written. */
const QUALIFIERS: ReadonlyArray<{ key: 'port' | 'arg' | 'unit'; write: (v: string) => string }> = [
  { key: 'port', write: (v) => `:${v}` },
  { key: 'arg', write: (v) => `#${v.slice(0, 200)}` },
  { key: 'unit', write: (v) => `@${v}` },
];

type Qualifier = (typeof QUALIFIERS)[number];

interface Member {
  parts: SubjectParts;
  name: string;
}

const valueOf = (m: Member, q: Qualifier): string | null => {
  const v = m.parts[q.key];
  return v === null || v === '' ? null : String(v);
};

/** Look-alikes in an order that survives a restart: what they run, then when they started, then pid. */
function stableOrder(a: Member, b: Member): number {
  const k = a.parts.stableKey < b.parts.stableKey ? -1 : a.parts.stableKey > b.parts.stableKey ? 1 : 0;
  return k || (a.parts.startTime ?? Infinity) - (b.parts.startTime ?? Infinity) || (a.parts.pid ?? Infinity) - (b.parts.pid ?? Infinity);
}

function ordinals(members: Member[]): void {
  [...members].sort(stableOrder).forEach((m, i) => {
    if (i > 0) m.name = `${m.name}~${i + 1}`;
  });
}

function distinguish(members: Member[], qualifiers: readonly Qualifier[]): void {
  if (members.length < 2) return;
  // one qualifier that tells every member apart gives the shortest names
  const full = qualifiers.find((q) => {
    const values = members.map((m) => valueOf(m, q));
    return values.every((v) => v !== null) && new Set(values).size === members.length;
  });
  if (full) {
    for (const m of members) m.name += full.write(valueOf(m, full) as string);
    return;
  }
  const at = qualifiers.findIndex((q) => new Set(members.map((m) => valueOf(m, q))).size > 1);
  if (at < 0) return ordinals(members);
  const q = qualifiers[at];
  const buckets = new Map<string | null, Member[]>();
  for (const m of members) {
    const v = valueOf(m, q);
    if (v !== null) m.name += q.write(v);
    buckets.set(v, [...(buckets.get(v) ?? []), m]);
  }
  for (const bucket of buckets.values()) distinguish(bucket, qualifiers.slice(at + 1));
}

/**
 * Names every process once per collection: a process keeps its base name (`redis:/usr/bin/redis-server`) unless
 * others on the host share it; then each gets what tells them apart, first that works of `:<port>`, `#<config file
 * or main class>`, `@<systemd unit>`, and only look-alikes an ordinal `~2`, `~3` in an order that does not depend
 * on pids. The names depend on the processes' facts, never on scan order, so a restart does not swap them.
 */
export function nameSubjects(entries: readonly CollectedEntry[]): void {
  const groups = new Map<string, Member[]>();
  const members = entries.map((e) => ({ parts: e.naming, name: e.naming.base }));
  for (const m of members) groups.set(m.parts.base, [...(groups.get(m.parts.base) ?? []), m]);
  for (const group of groups.values()) distinguish(group, QUALIFIERS);
  // a qualified name could still meet another base by chance: keep every subject unique
  const byName = new Map<string, Member[]>();
  for (const m of members) {
    m.name = m.name.slice(0, 500);
    byName.set(m.name, [...(byName.get(m.name) ?? []), m]);
  }
  for (const same of byName.values()) if (same.length > 1) ordinals(same);

  entries.forEach((e, i) => {
    const name = members[i].name;
    const old = e.config.subject;
    e.config.subject = e.metrics.subject = name;
    const usage = e.metrics.aeronDir?.usage;
    if (usage && usage.mountPoint.startsWith(`${old}:`)) usage.mountPoint = `${name}${usage.mountPoint.slice(old.length)}`;
  });
}
