import type { RuntimeKind } from '@memfleet/contracts';
import { basename } from './argv';

/** What a detector sees of a process: the binary, its argv and (when readable) its environment. */
export interface DetectInput {
  exe: string | null;
  argv: readonly string[];
  env: Record<string, string>;
}

/** The program actually running: argv[0] unless exe is an interpreter/emulator we look through. */
export function programName(input: DetectInput): string {
  const exe = basename(input.exe);
  const arg0 = basename(input.argv[0]?.split(' ')[0]);
  // qemu-user runs the guest binary named in argv; Redis rewrites its title to "redis-server *:6379".
  if (exe.startsWith('qemu-')) return basename(input.argv.find((a, i) => i > 0 && !a.startsWith('-')) ?? arg0);
  return exe || arg0;
}

/** Runtime kinds a process is recognised as, most specific first. */
export function detectKinds(input: DetectInput): RuntimeKind[] {
  const name = programName(input);
  const arg0 = basename(input.argv[0]?.split(' ')[0]);
  const cmd = input.argv.join(' ');
  const kinds: RuntimeKind[] = [];
  const is = (...names: string[]) => names.includes(name) || names.includes(arg0);
  if (is('spin')) kinds.push('spin');
  else if (is('wasmtime')) kinds.push('wasmtime');
  if (is('envoy', 'higress-gateway') || (/envoy/.test(name) && /(^|\s)(-c|--config-path|--config-yaml)(\s|=)/.test(cmd))) kinds.push('envoy');
  if (is('redis-server') || /^redis-server\b/.test(input.argv[0] ?? '')) kinds.push('redis');
  if (is('mongod', 'mongos')) kinds.push('mongodb');
  if (is('skynet')) kinds.push('skynet');
  else if (is('lua', 'luajit') || /^lua\d/.test(name)) kinds.push('lua');
  const java = is('java') || /\/bin\/java$/.test(input.exe ?? '');
  if (is('aeronmd') || (java && /io\.aeron|-Daeron\.|aeron/i.test(cmd)) || (kinds.length === 0 && Object.keys(input.env).some((k) => k.startsWith('AERON_'))))
    kinds.push('aeron');
  if (java && /org\.elasticsearch|-Des\.path\.home/.test(cmd)) kinds.push('elasticsearch');
  if (java) kinds.push('jvm');
  return kinds;
}
