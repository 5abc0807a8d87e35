import { ModelRun, PAGE, growInt32, pageRound } from './model-run';
import { TracePools } from '../trace-types';

/** jemalloc-like classes, 4 per doubling from 8 B: 8, 16, 32, 48, 64, 80, 96, 112, 128, 160 … 12,288, 14,336. */
export const SIZE_CLASSES: readonly number[] = buildClasses(14 * 1024);

function buildClasses(max: number): number[] {
  const out = [8, 16, 32, 48, 64];
  for (let base = 64; ; base *= 2) {
    for (let k = 1; k <= 4; k++) {
      const c = base + (k * base) / 4;
      if (c > max) return out;
      out.push(c);
    }
  }
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/**
 * Slabs of one class, each the smallest run of 4 KiB pages holding a whole number of blocks (lcm(class, 4 KiB));
 * a slab goes back to the OS as soon as it is empty; requests above 14 KiB are rounded to pages and mapped directly.
 * Non-full slabs of each (pool, class) sit in a doubly linked list; the head is allocated from.
 */
export class SizeClassModel extends ModelRun {
  private readonly classOf: Uint8Array; // by ceil(size / 8)
  private readonly slabBytes: Int32Array;
  private readonly regions: Int32Array;
  private heads = new Int32Array(0);
  private slabFree = new Int32Array(0);
  private slabClass = new Int32Array(0);
  private slabPrev = new Int32Array(0);
  private slabNext = new Int32Array(0);
  private slabCount = 0;
  private spareSlabs: number[] = [];
  private slotSlab = new Int32Array(0);
  private readonly maxClass = SIZE_CLASSES[SIZE_CLASSES.length - 1];

  constructor(pools: TracePools) {
    super('size-classes', pools);
    this.classOf = new Uint8Array((this.maxClass >> 3) + 1);
    for (let i = 1, c = 0; i < this.classOf.length; i++) {
      while (SIZE_CLASSES[c] < i * 8) c++;
      this.classOf[i] = c;
    }
    this.slabBytes = Int32Array.from(SIZE_CLASSES, (c) => (c * PAGE) / gcd(c, PAGE));
    this.regions = Int32Array.from(SIZE_CLASSES, (c, i) => this.slabBytes[i] / c);
  }

  alloc(slot: number, pool: number, size: number): void {
    if (slot >= this.slotSlab.length) this.slotSlab = growInt32(this.slotSlab, slot + 1);
    if (size > this.maxClass) {
      const given = pageRound(size);
      this.footprint += given;
      this.internal += given - size;
      this.slotSlab[slot] = -1;
      return;
    }
    const nClasses = SIZE_CLASSES.length;
    this.heads = growInt32(this.heads, (pool + 1) * nClasses, -1);
    const cls = this.classOf[(size + 7) >> 3];
    const head = pool * nClasses + cls;
    let slab = this.heads[head];
    if (slab < 0) {
      slab = this.newSlab(cls);
      this.link(head, slab);
    }
    if (--this.slabFree[slab] === 0) this.unlink(head, slab);
    this.slotSlab[slot] = slab;
    this.internal += SIZE_CLASSES[cls] - size;
  }

  free(slot: number, pool: number, size: number): void {
    const slab = this.slotSlab[slot];
    if (slab < 0) {
      const given = pageRound(size);
      this.footprint -= given;
      this.internal -= given - size;
      return;
    }
    const cls = this.slabClass[slab];
    this.internal -= SIZE_CLASSES[cls] - size;
    const head = pool * SIZE_CLASSES.length + cls;
    if (this.slabFree[slab]++ === 0) this.link(head, slab);
    if (this.slabFree[slab] === this.regions[cls]) {
      this.unlink(head, slab);
      this.footprint -= this.slabBytes[cls];
      this.spareSlabs.push(slab);
    }
  }

  private newSlab(cls: number): number {
    let slab = this.spareSlabs.pop();
    if (slab === undefined) {
      slab = this.slabCount++;
      if (slab >= this.slabFree.length) {
        const n = slab + 1;
        this.slabFree = growInt32(this.slabFree, n);
        this.slabClass = growInt32(this.slabClass, n);
        this.slabPrev = growInt32(this.slabPrev, n);
        this.slabNext = growInt32(this.slabNext, n);
      }
    }
    this.slabClass[slab] = cls;
    this.slabFree[slab] = this.regions[cls];
    this.footprint += this.slabBytes[cls];
    return slab;
  }

  private link(head: number, slab: number): void {
    const first = this.heads[head];
    this.slabPrev[slab] = -1;
    this.slabNext[slab] = first;
    if (first >= 0) this.slabPrev[first] = slab;
    this.heads[head] = slab;
  }

  private unlink(head: number, slab: number): void {
    const p = this.slabPrev[slab];
    const n = this.slabNext[slab];
    if (p >= 0) this.slabNext[p] = n;
    else this.heads[head] = n;
    if (n >= 0) this.slabPrev[n] = p;
  }
}
