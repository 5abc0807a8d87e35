import fs from 'node:fs';
import { once } from 'node:events';

/** Deterministic xorshift32 in [0, 1). */
function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
}

interface Vm {
  nextId: number;
  spareIds: number[];
  /** short-lived blocks: parallel arrays of id and size */
  shortIds: number[];
  shortSizes: number[];
  /** growing tables: id and current size (doubling 16 … 8,192) */
  tableIds: number[];
  tableSizes: number[];
}

// Lua-like small sizes: strings, closures, table nodes; weights favour 16–64 B.
const SMALL = [16, 24, 32, 40, 48, 56, 64, 72, 80, 96, 112, 128, 160, 200, 256];

/**
 * Writes a Lua-like trace of `events` events over `vms` VMs: short-lived strings and tables that die within a few
 * thousand events, long-lived objects that mostly stay (some leak), tables growing by reallocs through 512, 1,024,
 * 2,048 …, and occasional large buffers. Ids are reused like addresses. Returns the bytes written.
 */
export async function writeLuaLikeTrace(path: string, events: number, vms = 400, seed = 15): Promise<number> {
  const rand = rng(seed);
  const pool: Vm[] = [];
  for (let i = 0; i < vms; i++) pool.push({ nextId: 1, spareIds: [], shortIds: [], shortSizes: [], tableIds: [], tableSizes: [] });
  const out = fs.createWriteStream(path);
  let buf = '';
  let bytes = 0;
  const flush = async () => {
    bytes += Buffer.byteLength(buf);
    if (!out.write(buf)) await once(out, 'drain');
    buf = '';
  };
  const newId = (vm: Vm) => vm.spareIds.pop() ?? vm.nextId++;
  let ts = 1_000_000;
  for (let n = 0; n < events; n++) {
    // a few busy VMs, a long tail of quiet ones
    const v = Math.floor(vms * rand() ** 2);
    const vm = pool[v];
    ts += 1 + Math.floor(rand() * 200);
    const roll = rand();
    if (vm.shortIds.length > 0 && roll < 0.44 + Math.min(0.1, vm.shortIds.length / 20000)) {
      const k = Math.floor(rand() * vm.shortIds.length);
      const id = vm.shortIds[k];
      buf += `f ${v} ${id} ${vm.shortSizes[k]} ${ts}\n`;
      vm.shortIds[k] = vm.shortIds[vm.shortIds.length - 1];
      vm.shortSizes[k] = vm.shortSizes[vm.shortSizes.length - 1];
      vm.shortIds.pop();
      vm.shortSizes.pop();
      vm.spareIds.push(id);
    } else if (roll < 0.6 && vm.tableIds.length > 0) {
      // grow a table by doubling, or drop it once large
      const k = Math.floor(rand() * vm.tableIds.length);
      const id = vm.tableIds[k];
      const size = vm.tableSizes[k];
      if (size >= 8192 || rand() < 0.15) {
        buf += `r ${v} ${id} ${size} 0 ${ts}\n`;
        vm.tableIds[k] = vm.tableIds[vm.tableIds.length - 1];
        vm.tableSizes[k] = vm.tableSizes[vm.tableSizes.length - 1];
        vm.tableIds.pop();
        vm.tableSizes.pop();
        vm.spareIds.push(id);
      } else {
        buf += `r ${v} ${id} ${size} ${size * 2} ${ts}\n`;
        vm.tableSizes[k] = size * 2;
      }
    } else if (roll < 0.66) {
      const id = newId(vm);
      buf += `r ${v} ${id} 0 16 ${ts}\n`;
      vm.tableIds.push(id);
      vm.tableSizes.push(16);
    } else if (roll < 0.7) {
      // long-lived: never freed in this trace (module tables, closures, interned strings)
      const size = rand() < 0.998 ? SMALL[Math.floor(rand() * SMALL.length)] : 65536 + Math.floor(rand() * 262144);
      buf += `a ${v} ${newId(vm)} ${size} ${ts}\n`;
    } else {
      const size = rand() < 0.995 ? SMALL[Math.floor(rand() * rand() * SMALL.length)] + Math.floor(rand() * 8) : 40000 + Math.floor(rand() * 100000);
      const id = newId(vm);
      buf += `a ${v} ${id} ${size} ${ts}\n`;
      vm.shortIds.push(id);
      vm.shortSizes.push(size);
    }
    if (buf.length > 1 << 20) await flush();
  }
  await flush();
  out.end();
  await once(out, 'close');
  return bytes;
}
