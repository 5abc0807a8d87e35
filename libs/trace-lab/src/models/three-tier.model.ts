import { CHUNK, ModelRun, growInt32, pageRound } from './model-run';
import { TracePools } from '../trace-types';

export const SMALL_MAX = 256;
export const MEDIUM_MAX = CHUNK - 16;
const HEADER = 8;
const SEARCH_DEPTH = 128;
const SMALL_LISTS = 33; // index 1..32 = 8..256 bytes

/**
 * lalloc's design (failure-patterns §5): ≤ 256 B from 32 free lists in 8-byte steps, no header; 257 B … 32 KiB − 16
 * carved first-fit (at most 128 deep) from 32 KiB chunks with an 8-byte header, leftovers ≤ 256 B to the small lists;
 * larger blocks mapped directly in 4 KiB pages. Nothing merges and chunks never go back, so only the lengths of free
 * pieces matter: small lists are counts, the medium free list a linked list of lengths.
 */
export class ThreeTierModel extends ModelRun {
  private small = new Int32Array(0);
  private heads = new Int32Array(0);
  private nodeLen = new Int32Array(1024);
  private nodeNext = new Int32Array(1024);
  private nodeCount = 0;
  private spareNode = -1;

  constructor(pools: TracePools) {
    super('three-tier', pools);
  }

  // Each array grows to its own bound: growInt32 rounds up, so one array's length says nothing of the other's.
  private ensurePool(pool: number): void {
    this.small = growInt32(this.small, (pool + 1) * SMALL_LISTS);
    this.heads = growInt32(this.heads, pool + 1, -1);
  }

  alloc(_slot: number, pool: number, size: number): void {
    this.ensurePool(pool);
    let given: number;
    if (size <= SMALL_MAX) {
      const cls = (size + 7) >> 3;
      given = cls << 3;
      const at = pool * SMALL_LISTS + cls;
      if (this.small[at] > 0) this.small[at]--;
      else this.carve(pool, given);
    } else if (size <= MEDIUM_MAX) {
      given = (size + HEADER + 7) & ~7;
      this.carve(pool, given);
    } else {
      given = pageRound(size);
      this.footprint += given;
    }
    this.internal += given - size;
  }

  free(_slot: number, pool: number, size: number): void {
    let given: number;
    if (size <= SMALL_MAX) {
      const cls = (size + 7) >> 3;
      given = cls << 3;
      this.small[pool * SMALL_LISTS + cls]++;
    } else if (size <= MEDIUM_MAX) {
      given = (size + HEADER + 7) & ~7;
      this.pushPiece(pool, given);
    } else {
      given = pageRound(size);
      this.footprint -= given;
    }
    this.internal -= given - size;
  }

  /** First fit among the first 128 free pieces, else a new chunk; what is left over stays free. */
  private carve(pool: number, need: number): void {
    let prev = -1;
    let node = this.heads[pool];
    for (let depth = 0; node >= 0 && depth < SEARCH_DEPTH; depth++) {
      const len = this.nodeLen[node];
      if (len >= need) {
        const rest = len - need;
        if (rest > SMALL_MAX) {
          this.nodeLen[node] = rest;
        } else {
          const next = this.nodeNext[node];
          if (prev < 0) this.heads[pool] = next;
          else this.nodeNext[prev] = next;
          this.nodeNext[node] = this.spareNode;
          this.spareNode = node;
          if (rest > 0) this.small[pool * SMALL_LISTS + (rest >> 3)]++;
        }
        return;
      }
      prev = node;
      node = this.nodeNext[node];
    }
    this.footprint += CHUNK;
    const rest = CHUNK - need;
    if (rest > SMALL_MAX) this.pushPiece(pool, rest);
    else if (rest > 0) this.small[pool * SMALL_LISTS + (rest >> 3)]++;
  }

  private pushPiece(pool: number, len: number): void {
    let node = this.spareNode;
    if (node >= 0) {
      this.spareNode = this.nodeNext[node];
    } else {
      node = this.nodeCount++;
      if (node >= this.nodeLen.length) {
        this.nodeLen = growInt32(this.nodeLen, node + 1);
        this.nodeNext = growInt32(this.nodeNext, node + 1);
      }
    }
    this.nodeLen[node] = len;
    this.nodeNext[node] = this.heads[pool];
    this.heads[pool] = node;
  }
}
