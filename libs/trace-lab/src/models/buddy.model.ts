import { CHUNK, ModelRun, growInt32, pageRound } from './model-run';
import { TracePools } from '../trace-types';

const MIN_ORDER = 8; // 256 B
const MAX_ORDER = 15; // 32 KiB, one chunk
const ORDERS = MAX_ORDER - MIN_ORDER + 1;
const UNITS = CHUNK >> MIN_ORDER; // 256-byte units per chunk (128 = 1 << 7)

/**
 * Power-of-two buddy from 256 B to 32 KiB on 32 KiB chunks; buddies merge on free and a wholly free chunk goes back to
 * the OS. With `header`, 8 bytes precede each block (a 512-byte request takes 1,024); without it the chunk's map
 * knows the size (chunks 32 KiB-aligned), so a 512-byte request takes 512. Requests that do not fit a chunk are
 * mapped directly in 4 KiB pages. Free blocks live in doubly linked lists per pool and order, indexed by the global
 * 256-byte unit where the block starts; `state[unit]` is the order + 1 of a free block starting there, else 0.
 */
export class BuddyModel extends ModelRun {
  private readonly header: number;
  private heads = new Int32Array(0);
  private state = new Int8Array(0);
  private prev = new Int32Array(0);
  private next = new Int32Array(0);
  private chunks = 0;
  private spareChunks: number[] = [];
  private slotUnit = new Int32Array(0);
  private slotOrder = new Int8Array(0);

  constructor(name: string, pools: TracePools, header: boolean) {
    super(name, pools);
    this.header = header ? 8 : 0;
  }

  alloc(slot: number, pool: number, size: number): void {
    if (slot >= this.slotUnit.length) {
      this.slotUnit = growInt32(this.slotUnit, slot + 1);
      const o = new Int8Array(this.slotUnit.length);
      o.set(this.slotOrder);
      this.slotOrder = o;
    }
    const need = size + this.header;
    if (need > CHUNK) {
      const given = pageRound(size);
      this.footprint += given;
      this.internal += given - size;
      this.slotOrder[slot] = -1;
      return;
    }
    this.heads = growInt32(this.heads, (pool + 1) * ORDERS, -1);
    const order = need <= 1 << MIN_ORDER ? MIN_ORDER : 32 - Math.clz32(need - 1);
    const base = pool * ORDERS - MIN_ORDER;
    let o = order;
    while (o <= MAX_ORDER && this.heads[base + o] < 0) o++;
    let unit: number;
    if (o > MAX_ORDER) {
      unit = this.newChunk();
      o = MAX_ORDER;
    } else {
      unit = this.heads[base + o];
      this.unlink(base + o, unit);
    }
    while (o > order) {
      o--;
      this.push(base + o, unit + (1 << (o - MIN_ORDER)), o);
    }
    this.slotUnit[slot] = unit;
    this.slotOrder[slot] = order;
    this.internal += (1 << order) - size;
  }

  free(slot: number, pool: number, size: number): void {
    let o = this.slotOrder[slot];
    if (o < 0) {
      const given = pageRound(size);
      this.footprint -= given;
      this.internal -= given - size;
      return;
    }
    this.internal -= (1 << o) - size;
    const base = pool * ORDERS - MIN_ORDER;
    let unit = this.slotUnit[slot];
    const state = this.state;
    while (o < MAX_ORDER) {
      // chunks start at multiples of UNITS, so flipping the order's bit stays inside the chunk
      const buddy = unit ^ (1 << (o - MIN_ORDER));
      if (state[buddy] !== o + 1) break;
      this.unlink(base + o, buddy);
      if (buddy < unit) unit = buddy;
      o++;
    }
    if (o === MAX_ORDER) {
      this.footprint -= CHUNK;
      this.spareChunks.push(unit >> 7);
    } else {
      this.push(base + o, unit, o);
    }
  }

  private newChunk(): number {
    this.footprint += CHUNK;
    const spare = this.spareChunks.pop();
    if (spare !== undefined) return spare * UNITS;
    const chunk = this.chunks++;
    const units = this.chunks * UNITS;
    if (units > this.state.length) {
      const s = new Int8Array(Math.max(units, this.state.length * 2));
      s.set(this.state);
      this.state = s;
      this.prev = growInt32(this.prev, s.length);
      this.next = growInt32(this.next, s.length);
    }
    return chunk * UNITS;
  }

  private push(head: number, unit: number, order: number): void {
    const first = this.heads[head];
    this.prev[unit] = -1;
    this.next[unit] = first;
    if (first >= 0) this.prev[first] = unit;
    this.heads[head] = unit;
    this.state[unit] = order + 1;
  }

  private unlink(head: number, unit: number): void {
    const p = this.prev[unit];
    const n = this.next[unit];
    if (p >= 0) this.next[p] = n;
    else this.heads[head] = n;
    if (n >= 0) this.prev[n] = p;
    this.state[unit] = 0;
  }
}
