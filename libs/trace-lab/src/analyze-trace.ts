import { ModelKey, MODEL_KEYS } from './models';
import { TraceReader } from './trace-reader';
import { TraceReplay } from './trace-replay';
import { TraceAnalysis, TraceLimits } from './trace-types';

export interface AnalyzeTraceOptions {
  limits?: Partial<TraceLimits>;
  onProgress?: (p: { bytes: number; events: number }) => void;
  /** Which runs to replay (default all six, in MODEL_KEYS order); the bench times them one by one. */
  models?: readonly ModelKey[];
}

/** Validates and replays a trace in one streaming pass; rejects with TraceFormatError or TraceLimitError. */
export async function analyzeTrace(source: AsyncIterable<Buffer | string>, options: AnalyzeTraceOptions = {}): Promise<TraceAnalysis> {
  const replay = new TraceReplay(options.models ?? MODEL_KEYS);
  const reader = new TraceReader(options.limits, replay.onEvent);
  for await (const chunk of source) {
    reader.write(chunk);
    options.onProgress?.({ bytes: reader.bytes, events: reader.events });
  }
  reader.end();
  return replay.analysis(reader.events);
}

/** Parses only, with no replay: the floor the bench compares the models against. */
export async function parseTraceOnly(
  source: AsyncIterable<Buffer | string>,
  limits?: Partial<TraceLimits>,
): Promise<{ events: number; bytes: number; lines: number }> {
  const reader = new TraceReader(limits, () => undefined);
  for await (const chunk of source) reader.write(chunk);
  reader.end();
  return { events: reader.events, bytes: reader.bytes, lines: reader.lines };
}
