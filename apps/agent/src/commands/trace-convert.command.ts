import fs from 'node:fs';
import { once } from 'node:events';
import { Readable, type Writable } from 'node:stream';
import { createInterface } from 'node:readline';
import { openTraceFile } from '@memfleet/trace-lab';
import type { Io } from '../output/io';
import { TRACE_DATA_EXIT, TRACE_NOINPUT_EXIT } from './trace-analyze.command';
import { convertRecord } from './trace-convert';

export interface TraceConvertOptions {
  /** Input file, or undefined / "-" for stdin. */
  file?: string;
  /** Output file; stdout when undefined. */
  output?: string;
  vm: number;
}

/** `trace convert`: lalloc-style records to trace lines, streamed; a bad record stops with `line N: reason`. */
export async function traceConvertCommand(opts: TraceConvertOptions, io: Io, stdin: Readable = process.stdin): Promise<number> {
  const fromStdin = opts.file === undefined || opts.file === '-';
  if (!fromStdin) {
    try {
      fs.accessSync(opts.file as string, fs.constants.R_OK);
    } catch (err) {
      io.err(`memfleet-agent trace convert: cannot read ${opts.file}: ${(err as NodeJS.ErrnoException).code}\n`);
      return TRACE_NOINPUT_EXIT;
    }
  }
  const input = fromStdin ? stdin : Readable.from(openTraceFile(opts.file as string));
  const sink: Writable | null = opts.output ? fs.createWriteStream(opts.output) : null;
  const write = async (text: string) => {
    if (!sink) return io.out(text);
    if (!sink.write(text)) await once(sink, 'drain');
  };
  let lineNo = 0;
  let first: string | undefined;
  let further = 0;
  let pending = '';
  for await (const text of createInterface({ input, crlfDelay: Infinity })) {
    lineNo++;
    const r = convertRecord(text, opts.vm);
    if (!r.ok) {
      if (first === undefined) first = `line ${lineNo}: ${r.reason}`;
      else further++;
    } else if (r.line !== null && first === undefined) {
      pending += r.line + '\n';
      if (pending.length > 65536) {
        await write(pending);
        pending = '';
      }
    }
  }
  if (first === undefined && pending) await write(pending);
  if (sink) {
    sink.end();
    await once(sink, 'close');
  }
  if (first !== undefined) {
    if (opts.output) fs.rmSync(opts.output, { force: true });
    io.err(`${first}${further > 0 ? ` (and ${further} further malformed lines)` : ''}\n`);
    return TRACE_DATA_EXIT;
  }
  return 0;
}
