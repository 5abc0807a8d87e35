/** Hard limits per trace; `maxBytes` counts uncompressed bytes. */
export interface TraceLimits {
  maxEvents: number;
  maxBytes: number;
}

/** 10,000,000 events or 200 MiB (200 × 1,048,576 bytes) of uncompressed text. */
export const DEFAULT_TRACE_LIMITS: TraceLimits = { maxEvents: 10_000_000, maxBytes: 200 * 1024 * 1024 };

/** Trace errors that are counted and skipped (not malformed lines). */
export interface TraceErrorCounts {
  /** `f` (or `r … 0`) of an id that was already freed. */
  doubleFree: number;
  /** `f` of an id never allocated in that VM. */
  unknownFree: number;
  /** `f`/`r` whose old size differs from the size recorded at allocation (the recorded size is used). */
  sizeMismatch: number;
  /** `r` of an id that is not live, with an old size other than 0. */
  unknownRealloc: number;
  /** `a` (or `r` with old size 0) of an id that is still live; the event is skipped. */
  duplicateAlloc: number;
}
export type TraceErrorKind = keyof TraceErrorCounts;

/** One point of the downsampled live-bytes curve: the highest live bytes in the window ending at `event`. */
export interface LiveBytesPoint {
  event: number;
  liveBytes: number;
}

/** Requests whose size lies in [minBytes, maxBytes]; powers of two from 8 B up have a bucket of their own. */
export interface SizeHistogramBucket {
  label: string;
  minBytes: number;
  maxBytes: number;
  count: number;
  bytes: number;
}

export interface LeakBySize {
  size: number;
  blocks: number;
  bytes: number;
}

export interface TraceLeaks {
  /** Bytes allocated and never freed by the end of the trace. */
  bytes: number;
  blocks: number;
  /** The 50 sizes holding the most leaked bytes, most first. */
  bySize: LeakBySize[];
}

export type TracePools = 'per-vm' | 'shared';

/** One allocator design replayed over the trace; all figures at the moment of peak footprint. */
export interface TraceModelResult {
  /** `three-tier`, `buddy`, `buddy-no-header`, `size-classes`. */
  name: string;
  pools: TracePools;
  peakFootprintBytes: number;
  /** The event (1-based) at which the footprint first reached its peak. */
  peakAtEvent: number;
  /** Live (requested) bytes at that moment. */
  liveBytesAtPeak: number;
  internalFragmentationBytes: number;
  externalFragmentationBytes: number;
  internalFragmentationPercent: number;
  externalFragmentationPercent: number;
  /** peakFootprintBytes / liveBytesAtPeak (0 when nothing is live). */
  footprintToLiveRatio: number;
  /** Wall time of this model's replay, milliseconds (not deterministic). */
  elapsedMs?: number;
}

export interface TraceDefinitions {
  footprint: string;
  internal: string;
  external: string;
}

export interface TraceAnalysis {
  events: number;
  vms: number;
  peakLiveBytes: number;
  /** The event (1-based) at which live bytes first reached their peak; 0 for an empty trace. */
  peakAtEvent: number;
  /** At most 500 points. */
  liveBytesSeries: LiveBytesPoint[];
  sizeHistogram: SizeHistogramBucket[];
  leaks: TraceLeaks;
  errors: TraceErrorCounts;
  models: TraceModelResult[];
  definitions: TraceDefinitions;
}

export const TRACE_DEFINITIONS: TraceDefinitions = {
  footprint: 'bytes taken from the OS and not yet returned',
  internal: 'bytes given to blocks beyond what was asked (rounding + headers)',
  external: 'footprint − live − internal, at the moment of peak footprint',
};
