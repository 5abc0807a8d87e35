import fs from 'node:fs';
import { analyzeTrace, openTraceFile, TraceFormatError, TraceLimitError } from '@memfleet/trace-lab';
import type { Io } from '../output/io';
import { formatTraceAnalysis } from './trace-format';

export interface TraceAnalyzeOptions {
  file: string;
  json: boolean;
}

/** Exit status of a malformed trace or one beyond the limits (sysexits EX_DATAERR). */
export const TRACE_DATA_EXIT = 65;
/** Exit status when the file cannot be read (EX_NOINPUT). */
export const TRACE_NOINPUT_EXIT = 66;

/** `trace analyze FILE`: the same analysis the API stores, computed here without a server. */
export async function traceAnalyzeCommand(opts: TraceAnalyzeOptions, io: Io): Promise<number> {
  try {
    fs.accessSync(opts.file, fs.constants.R_OK);
  } catch (err) {
    io.err(`memfleet-agent trace analyze: cannot read ${opts.file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}\n`);
    return TRACE_NOINPUT_EXIT;
  }
  try {
    const analysis = await analyzeTrace(openTraceFile(opts.file));
    io.out(opts.json ? JSON.stringify(analysis) + '\n' : formatTraceAnalysis(analysis, opts.file));
    return 0;
  } catch (err) {
    // A malformed trace prints exactly what the API answers: `line N: reason (and K further malformed lines)`.
    if (err instanceof TraceFormatError) {
      io.err(`${err.message}\n`);
      return TRACE_DATA_EXIT;
    }
    if (err instanceof TraceLimitError) {
      io.err(`memfleet-agent trace analyze: ${opts.file}: ${err.message}\n`);
      return TRACE_DATA_EXIT;
    }
    io.err(`memfleet-agent trace analyze: ${opts.file}: ${(err as Error).message}\n`);
    return TRACE_NOINPUT_EXIT;
  }
}
