import { TracePools, TraceModelResult } from '../trace-types';

export const PAGE = 4096;
export const CHUNK = 32768;

export function pageRound(size: number): number {
  return Math.ceil(size / PAGE) * PAGE;
}

export function growInt32(a: Int32Array<ArrayBuffer>, min: number, fill = 0): Int32Array<ArrayBuffer> {
  if (a.length >= min) return a;
  let n = Math.max(16, a.length * 2);
  while (n < min) n *= 2;
  const b = new Int32Array(n);
  b.set(a);
  if (fill !== 0) b.fill(fill, a.length);
  return b;
}

/**
 * One allocator design replayed over the trace. The tracker hands each live block a dense slot number, so a model
 * keeps its per-block state in typed arrays indexed by slot; `pool` is the VM's index (per-vm) or 0 (shared).
 * `free` receives the size recorded at allocation.
 */
export abstract class ModelRun {
  footprint = 0;
  internal = 0;
  peakFootprint = 0;
  peakAtEvent = 0;
  liveAtPeak = 0;
  internalAtPeak = 0;
  elapsedMs: number | undefined;
  /** One pool for all VMs. */
  readonly shared: boolean;

  constructor(
    readonly name: string,
    readonly pools: TracePools,
  ) {
    this.shared = pools === 'shared';
  }

  abstract alloc(slot: number, pool: number, size: number): void;
  abstract free(slot: number, pool: number, size: number): void;

  /** Called after every event; keeps the first moment of the highest footprint. */
  observe(event: number, live: number): void {
    if (this.footprint > this.peakFootprint) {
      this.peakFootprint = this.footprint;
      this.peakAtEvent = event;
      this.liveAtPeak = live;
      this.internalAtPeak = this.internal;
    }
  }

  result(): TraceModelResult {
    const fp = this.peakFootprint;
    const external = fp - this.liveAtPeak - this.internalAtPeak;
    const pct = (v: number) => (fp > 0 ? Math.round((v / fp) * 10000) / 100 : 0);
    return {
      name: this.name,
      pools: this.pools,
      peakFootprintBytes: fp,
      peakAtEvent: this.peakAtEvent,
      liveBytesAtPeak: this.liveAtPeak,
      internalFragmentationBytes: this.internalAtPeak,
      externalFragmentationBytes: external,
      internalFragmentationPercent: pct(this.internalAtPeak),
      externalFragmentationPercent: pct(external),
      footprintToLiveRatio: this.liveAtPeak > 0 ? Math.round((fp / this.liveAtPeak) * 1000) / 1000 : 0,
      ...(this.elapsedMs === undefined ? {} : { elapsedMs: this.elapsedMs }),
    };
  }
}
