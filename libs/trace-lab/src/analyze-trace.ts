import { TraceReader } from './trace-reader';
import { TRACE_DEFINITIONS, TraceAnalysis, TraceLimits } from './trace-types';

export interface AnalyzeTraceOptions {
  limits?: Partial<TraceLimits>;
  onProgress?: (p: { bytes: number; events: number }) => void;
}

/** Validates and replays a trace in one streaming pass; rejects with TraceFormatError or TraceLimitError. */
export async function analyzeTrace(source: AsyncIterable<Buffer | string>, options: AnalyzeTraceOptions = {}): Promise<TraceAnalysis> {
  const reader = new TraceReader(options.limits);
  for await (const chunk of source) {
    reader.write(chunk);
    options.onProgress?.({ bytes: reader.bytes, events: reader.events });
  }
  reader.end();
  return {
    events: reader.events,
    vms: 0,
    peakLiveBytes: 0,
    peakAtEvent: 0,
    liveBytesSeries: [],
    sizeHistogram: [],
    leaks: { bytes: 0, blocks: 0, bySize: [] },
    errors: { doubleFree: 0, unknownFree: 0, sizeMismatch: 0, unknownRealloc: 0, duplicateAlloc: 0 },
    models: [],
    definitions: TRACE_DEFINITIONS,
  };
}
