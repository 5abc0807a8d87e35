export const EMPTY = -2;
export const FREED = -1;

/**
 * (vm index, id) → slot, open addressing in typed arrays: a Map per VM boxed every id and cost a third of the
 * replay. Entries are never deleted; a freed block keeps its entry as FREED so a second free is a double free,
 * and a later allocation of the same id (addresses are reused) overwrites it.
 */
export class BlockTable {
  private mask = (1 << 16) - 1;
  private vms = new Int32Array(1 << 16);
  private lo = new Int32Array(1 << 16);
  private hi = new Int32Array(1 << 16);
  private values = new Int32Array(1 << 16).fill(EMPTY);
  private used = 0;

  /** The position of (vm, id): its entry, or the empty place where it would go. */
  find(vm: number, id: number): number {
    const lo = id | 0;
    const hi = id > 0x7fffffff ? Math.floor(id / 4294967296) | 0 : 0;
    let h = Math.imul(lo ^ Math.imul(vm + 1, 0x27d4eb2d) ^ Math.imul(hi, 0x165667b1), 0x9e3779b1);
    h ^= h >>> 15;
    let pos = h & this.mask;
    for (;;) {
      const v = this.values[pos];
      if (v === EMPTY || (this.lo[pos] === lo && this.vms[pos] === vm && this.hi[pos] === hi)) return pos;
      pos = (pos + 1) & this.mask;
    }
  }

  valueAt(pos: number): number {
    return this.values[pos];
  }

  /** Sets the value at a position `find` returned for (vm, id); may grow the table, so `pos` is then stale. */
  setAt(pos: number, vm: number, id: number, value: number): void {
    if (this.values[pos] === EMPTY) {
      this.vms[pos] = vm;
      this.lo[pos] = id | 0;
      this.hi[pos] = id > 0x7fffffff ? Math.floor(id / 4294967296) | 0 : 0;
      this.values[pos] = value;
      if (++this.used * 2 > this.mask) this.grow();
    } else this.values[pos] = value;
  }

  /** Calls `fn` with every live slot. */
  forEachLive(fn: (slot: number) => void): void {
    for (let i = 0; i <= this.mask; i++) if (this.values[i] >= 0) fn(this.values[i]);
  }

  private grow(): void {
    const { vms, lo, hi, values } = this;
    const size = (this.mask + 1) * 2;
    this.mask = size - 1;
    this.vms = new Int32Array(size);
    this.lo = new Int32Array(size);
    this.hi = new Int32Array(size);
    this.values = new Int32Array(size).fill(EMPTY);
    for (let i = 0; i < values.length; i++) {
      if (values[i] === EMPTY) continue;
      const id = hi[i] * 4294967296 + (lo[i] >>> 0);
      const pos = this.find(vms[i], id);
      this.vms[pos] = vms[i];
      this.lo[pos] = lo[i];
      this.hi[pos] = hi[i];
      this.values[pos] = values[i];
    }
  }
}
