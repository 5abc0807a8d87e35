import type { HostFs } from './host-fs';

/** Unit directories in systemd's order of precedence: a name found earlier hides the same name later. */
export const UNIT_DIRS = ['/etc/systemd/system', '/run/systemd/system', '/usr/lib/systemd/system', '/lib/systemd/system'];

/** One unit that can run: a plain unit, or an instance of a template. Templates themselves are never units here. */
export interface UnitFile {
  /** Its own name (what its cgroup is called): the file's, or foo@bar.service for an instance of foo@.service. */
  name: string;
  /** Every name it answers to: its own, alias symlinks to it, and Alias= under [Install]. */
  names: string[];
  /** The file that configures it (for an instance, its template). */
  path: string;
  /** The file's text and its drop-ins', with the instance specifiers (%i, %I, %n, %N, %p, %P) filled in. */
  text: string;
}

const TEMPLATE = /^([^@/]+)@\.service$/;
const INSTANCE = /^([^@/]+)@([^/]+)\.service$/;

/** systemd's unescaping of %I/%P: "-" is "/", "\x2d" is a literal "-". */
function unescape(s: string): string {
  return s.replace(/-/g, '/').replace(/\\x([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}

/** Fills the specifiers a unit name gives (systemd.unit(5) "Specifiers"); other specifiers are left as they are. */
export function fillSpecifiers(text: string, name: string): string {
  const stem = name.replace(/\.service$/, '');
  const at = stem.indexOf('@');
  const prefix = at < 0 ? stem : stem.slice(0, at);
  const instance = at < 0 ? '' : stem.slice(at + 1);
  const values: Record<string, string> = { i: instance, I: unescape(instance), n: name, N: stem, p: prefix, P: unescape(prefix), '%': '%' };
  return text.replace(/%([iInNpP%])/g, (_, k: string) => values[k]);
}

/** Alias= names under [Install]. */
export function installAliases(text: string): string[] {
  let section = '';
  const out: string[] = [];
  for (const line of text.replace(/\\\n/g, ' ').split('\n')) {
    const s = /^\s*\[([^\]]+)\]\s*$/.exec(line);
    if (s) section = s[1];
    const m = /^\s*Alias\s*=\s*(.*)$/.exec(line);
    if (m && section === 'Install') out.push(...m[1].split(/\s+/).filter((a) => a.endsWith('.service')));
  }
  return out;
}

const base = (p: string) => p.slice(p.lastIndexOf('/') + 1);

/**
 * The service units of a host, one entry per unit however many names it has: a symlink under another name (Debian's
 * /etc/systemd/system/redis.service → redis-server.service) is an alias, a template (foo@.service) is not a unit but
 * its instances are (foo@bar.service: a file of that name, or a symlink to the template in a *.wants/ directory, as
 * `systemctl enable foo@bar` makes), and a unit masked by a symlink to /dev/null is left out.
 */
export function readServiceUnits(fs: HostFs): UnitFile[] {
  // name → where it was found, first directory wins; *.wants/ and *.requires/ links name enabled units and instances
  const found = new Map<string, string>();
  const enabled = new Map<string, string>();
  for (const dir of UNIT_DIRS) {
    for (const name of fs.readdir(dir) ?? []) {
      if (name.endsWith('.service') && !found.has(name)) found.set(name, `${dir}/${name}`);
      if (!/\.(wants|requires)$/.test(name)) continue;
      for (const link of fs.readdir(`${dir}/${name}`) ?? []) if (link.endsWith('.service') && !enabled.has(link)) enabled.set(link, `${dir}/${name}/${link}`);
    }
  }
  for (const [name, where] of enabled) if (!found.has(name)) found.set(name, where);

  const units = new Map<string, UnitFile>();
  const aliases: Array<[alias: string, target: string]> = [];
  for (const [name, where] of [...found].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (TEMPLATE.test(name)) continue;
    const real = fs.realpath(where);
    if (real === null || real === '/dev/null') continue;
    const target = base(real);
    const inst = INSTANCE.exec(name);
    const isInstanceOfTemplate = inst !== null && target === `${inst[1]}@.service`;
    if (target !== name && !isInstanceOfTemplate) {
      if (target.endsWith('.service') && !TEMPLATE.test(target)) aliases.push([name, target]);
      if (!found.has(target) && !units.has(target)) units.set(target, unitAt(fs, target, real));
      continue;
    }
    units.set(name, unitAt(fs, name, real));
  }
  for (const [alias, target] of aliases) {
    const u = units.get(target);
    if (u && !u.names.includes(alias)) u.names.push(alias);
  }
  return [...units.values()];
}

/**
 * Drop-ins (`<name>.d/*.conf`, for an instance also its template's) in systemd's order: by file name whatever the
 * directory; of two with one name the unit's own beats its template's, and the earlier directory the later.
 */
function dropIns(fs: HostFs, name: string): string[] {
  const inst = INSTANCE.exec(name);
  const byFile = new Map<string, string>();
  for (const unit of inst ? [name, `${inst[1]}@.service`] : [name]) {
    for (const dir of UNIT_DIRS) {
      for (const f of fs.readdir(`${dir}/${unit}.d`) ?? []) {
        if (!f.endsWith('.conf') || byFile.has(f)) continue;
        const real = fs.realpath(`${dir}/${unit}.d/${f}`);
        byFile.set(f, real === null ? '' : (fs.tryRead(real) ?? ''));
      }
    }
  }
  return [...byFile].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, text]) => text);
}

function unitAt(fs: HostFs, name: string, path: string): UnitFile {
  // a drop-in's ExecStart= (after an empty one resetting it) overrides the unit's: the last one read counts
  const text = fillSpecifiers([fs.tryRead(path) ?? '', ...dropIns(fs, name)].join('\n'), name);
  return { name, names: [name, ...installAliases(text).filter((a) => a !== name)], path, text };
}
