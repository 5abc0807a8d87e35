import { BlockTable, FREED } from './block-table';
import { ModelKey, ModelRun, MODEL_KEYS, createModel } from './models';
import { OP_ALLOC, OP_FREE } from './trace-reader';
import { LiveSeries, SizeHistogram } from './trace-stats';
import { TRACE_DEFINITIONS, TraceAnalysis, TraceErrorCounts, LeakBySize } from './trace-types';

/**
 * Follows the live blocks of every VM and feeds the models. Each live block gets a dense slot (reused after free);
 * ids are per VM, and a freed id is remembered (FREED) so a second free counts as a double free.
 */
export class TraceReplay {
  readonly models: ModelRun[];
  private readonly vmIndex = new Map<number, number>();
  private lastVm = -1;
  private lastVmIndex = 0;
  private readonly blocks = new BlockTable();
  private sizes = new Float64Array(1024);
  private slotVm = new Int32Array(1024);
  private spare: number[] = [];
  private nextSlot = 0;
  private event = 0;
  private live = 0;
  private peakLive = 0;
  private peakAt = 0;
  private readonly series = new LiveSeries();
  private readonly histogram = new SizeHistogram();
  readonly errors: TraceErrorCounts = { doubleFree: 0, unknownFree: 0, sizeMismatch: 0, unknownRealloc: 0, duplicateAlloc: 0 };

  constructor(keys: readonly ModelKey[] = MODEL_KEYS) {
    this.models = keys.map(createModel);
  }

  /** The TraceReader sink; bound once so the reader calls a plain function. */
  readonly onEvent = (op: number, vm: number, id: number, x: number, y: number): void => {
    this.event++;
    let v = this.lastVmIndex;
    if (vm !== this.lastVm) {
      const known = this.vmIndex.get(vm);
      if (known === undefined) {
        v = this.vmIndex.size;
        this.vmIndex.set(vm, v);
      } else v = known;
      this.lastVm = vm;
      this.lastVmIndex = v;
    }
    const blocks = this.blocks;
    const pos = blocks.find(v, id);
    const slot = blocks.valueAt(pos);
    if (op === OP_ALLOC) {
      if (slot >= 0) this.errors.duplicateAlloc++;
      else this.allocate(pos, v, id, x);
    } else if (op === OP_FREE) {
      if (slot < 0) {
        if (slot === FREED) this.errors.doubleFree++;
        else this.errors.unknownFree++;
      } else this.release(pos, v, id, slot, x);
    } else if (slot < 0) {
      // realloc(NULL, …) allocates; anything else of a block we do not know is an error.
      if (x === 0) {
        if (y > 0) this.allocate(pos, v, id, y);
      } else if (slot === FREED) this.errors.doubleFree++;
      else this.errors.unknownRealloc++;
    } else if (y === 0) {
      this.release(pos, v, id, slot, x);
    } else {
      // A realloc is replayed as a free of the old block and an allocation of the new size.
      if (x !== this.sizes[slot]) this.errors.sizeMismatch++;
      this.release(pos, v, id, slot, this.sizes[slot]);
      this.allocate(blocks.find(v, id), v, id, y);
    }
    const models = this.models;
    for (let i = 0; i < models.length; i++) models[i].observe(this.event, this.live);
    if (this.live > this.peakLive) {
      this.peakLive = this.live;
      this.peakAt = this.event;
    }
    this.series.add(this.event, this.live);
  };

  private allocate(pos: number, v: number, id: number, size: number): void {
    let slot = this.spare.pop();
    if (slot === undefined) {
      slot = this.nextSlot++;
      if (slot >= this.sizes.length) {
        const s = new Float64Array(this.sizes.length * 2);
        s.set(this.sizes);
        this.sizes = s;
        const w = new Int32Array(s.length);
        w.set(this.slotVm);
        this.slotVm = w;
      }
    }
    this.blocks.setAt(pos, v, id, slot);
    this.sizes[slot] = size;
    this.slotVm[slot] = v;
    this.live += size;
    this.histogram.add(size);
    const models = this.models;
    for (let i = 0; i < models.length; i++) {
      const m = models[i];
      m.alloc(slot, m.shared ? 0 : v, size);
    }
  }

  private release(pos: number, v: number, id: number, slot: number, claimed: number): void {
    const size = this.sizes[slot];
    if (claimed !== size) this.errors.sizeMismatch++;
    const models = this.models;
    for (let i = 0; i < models.length; i++) {
      const m = models[i];
      m.free(slot, m.shared ? 0 : v, size);
    }
    this.live -= size;
    this.blocks.setAt(pos, v, id, FREED);
    this.sizes[slot] = 0;
    this.spare.push(slot);
  }

  analysis(events: number): TraceAnalysis {
    const leaks = new Map<number, LeakBySize>();
    let leakBytes = 0;
    let leakBlocks = 0;
    this.blocks.forEachLive((slot) => {
      const size = this.sizes[slot];
      leakBytes += size;
      leakBlocks++;
      const entry = leaks.get(size);
      if (entry) {
        entry.blocks++;
        entry.bytes += size;
      } else leaks.set(size, { size, blocks: 1, bytes: size });
    });
    const bySize = [...leaks.values()].sort((a, b) => b.bytes - a.bytes || a.size - b.size).slice(0, 50);
    return {
      events,
      vms: this.vmIndex.size,
      peakLiveBytes: this.peakLive,
      peakAtEvent: this.peakAt,
      liveBytesSeries: this.series.points(),
      sizeHistogram: this.histogram.buckets(),
      leaks: { bytes: leakBytes, blocks: leakBlocks, bySize },
      errors: { ...this.errors },
      models: this.models.map((m) => m.result()),
      definitions: TRACE_DEFINITIONS,
    };
  }
}
