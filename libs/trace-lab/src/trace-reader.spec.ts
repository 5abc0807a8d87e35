import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { analyzeTrace } from './analyze-trace';
import { TraceFormatError, TraceLimitError } from './trace-errors';
import { openTraceFile } from './trace-file';
import { TraceReader } from './trace-reader';

async function* chunks(...parts: Array<string | Buffer>) {
  yield* parts;
}
const formatError = (trace: string): TraceFormatError => {
  const r = new TraceReader();
  r.write(trace);
  try {
    r.end();
  } catch (err) {
    assert.ok(err instanceof TraceFormatError);
    return err;
  }
  assert.fail('no TraceFormatError');
};

describe('TraceReader: the format', () => {
  it('reads a/f/r lines, # comments, blank lines, tabs, CRLF, hex ids and an optional ns timestamp', () => {
    const seen: number[][] = [];
    const r = new TraceReader({}, (op, vm, id, x, y) => seen.push([op, vm, id, x, y]));
    r.write('# header\n\na 1 7 100 123456789\r\nf\t1 7 100 # trailing comment\nr 2 0x1f 0 64\nr 2 31 64 128 99\n   # indented comment\n');
    r.end();
    assert.deepEqual(seen, [
      [0, 1, 7, 100, 0],
      [1, 1, 7, 100, 0],
      [2, 2, 31, 0, 64],
      [2, 2, 31, 64, 128],
    ]);
    assert.equal(r.events, 4);
    assert.equal(r.lines, 7);
  });

  it('malformed: the first line and reason, and how many further lines were malformed', () => {
    const e = formatError('a 1 1 10\nx 1 2 3\na 1 2\nf 1 1 abc\na 1 3 4 5 6\n');
    assert.equal(e.line, 2);
    assert.equal(e.reason, 'unknown event "x" (expected a, f or r)');
    assert.equal(e.furtherMalformed, 3);
    assert.equal(e.message, 'line 2: unknown event "x" (expected a, f or r) (and 3 further malformed lines)');
    assert.equal(formatError('a 1 2\n').message, 'line 1: expected "a <vm> <id> <size> [ns]", got 2 fields after the event letter');
    assert.equal(formatError('f 1 1 abc').message, 'line 1: field 4 "abc" is not a non-negative integer');
    assert.equal(formatError('r 1 1 5\n').message, 'line 1: expected "r <vm> <id> <oldsize> <newsize> [ns]", got 3 fields after the event letter');
    assert.equal(formatError('a 1 1 -5\n').message, 'line 1: field 4 "-5" is not a non-negative integer');
    assert.equal(formatError('alloc 1 1 5\n').message, 'line 1: unknown event "alloc" (expected a, f or r)');
    assert.equal(formatError('a 1 1 0\n').message, 'line 1: allocation of size 0');
    assert.equal(formatError('a 1 1 3000000000\n').message, 'line 1: size larger than 2 GiB');
    assert.match(formatError(`# ${'x'.repeat(5000)}\n`).message, /^line 1: line longer than 4096 bytes$/);
  });

  it('chunks may split lines anywhere: byte by byte gives what the whole text gives', async () => {
    const trace = '# t\na 1 1 512\na 2 1 1024 77\nr 1 1 512 1024\nf 2 1 1024\nr 3 9 0 2048\nf 1 1 1024';
    const whole = await analyzeTrace(chunks(trace));
    const bytes = Buffer.from(trace);
    const split = await analyzeTrace(chunks(...Array.from(bytes, (_, i) => bytes.subarray(i, i + 1))));
    assert.deepEqual(split, whole);
    for (let cut = 1; cut < bytes.length; cut++) {
      assert.deepEqual(await analyzeTrace(chunks(bytes.subarray(0, cut), bytes.subarray(cut))), whole, `cut at ${cut}`);
    }
    // a malformed line split across chunks is still reported with its number
    await assert.rejects(analyzeTrace(chunks('a 1 1 8\na 1 ', '2 x\n')), { message: 'line 2: field 4 "x" is not a non-negative integer' });
  });

  it('limits: events and uncompressed bytes, as soon as they are passed', () => {
    const r = new TraceReader({ maxEvents: 2 });
    r.write('a 1 1 8\n# comments are not events\nf 1 1 8\n');
    assert.throws(
      () => r.write('a 1 2 8\n'),
      (e: unknown) => e instanceof TraceLimitError && e.limit === 'events' && e.max === 2 && /more than 2 events/.test(e.message),
    );
    const b = new TraceReader({ maxBytes: 10 });
    b.write('a 1 1 8\n');
    assert.throws(
      () => b.write('f 1 1 8\n'),
      (e: unknown) => e instanceof TraceLimitError && e.limit === 'bytes' && /larger than 10 bytes/.test(e.message),
    );
  });
});

describe('analyzeTrace: accounting', () => {
  it('counts trace errors per kind and skips them; ids are per VM', async () => {
    const a = await analyzeTrace(
      chunks(
        [
          'a 1 5 100',
          'a 2 5 100', //     another VM's id 5: a different block
          'a 1 5 50', //      duplicateAlloc (skipped)
          'f 1 5 90', //      sizeMismatch (the recorded 100 is freed)
          'f 1 5 100', //     doubleFree
          'f 1 6 8', //       unknownFree
          'r 1 7 16 32', //   unknownRealloc
          'r 1 8 0 64', //    realloc(NULL): allocation
          'r 1 8 64 0', //    newsize 0: free
          'r 1 8 64 0', //    doubleFree
          'r 2 5 100 300', // grows VM 2's block
        ].join('\n'),
      ),
    );
    assert.deepEqual(a.errors, { doubleFree: 2, unknownFree: 1, sizeMismatch: 1, unknownRealloc: 1, duplicateAlloc: 1 });
    assert.equal(a.events, 11);
    assert.equal(a.vms, 2);
    assert.equal(a.peakLiveBytes, 300);
    assert.equal(a.peakAtEvent, 11);
    assert.deepEqual(a.leaks, { bytes: 300, blocks: 1, bySize: [{ size: 300, blocks: 1, bytes: 300 }] });
  });

  it('histogram: 512, 1,024 and 2,048 stand alone; the live series keeps ≤ 500 points and the peak', async () => {
    const lines: string[] = [];
    for (let i = 0; i < 5000; i++) lines.push(`a 1 ${i} ${[512, 1024, 2048, 700][i % 4]}`);
    lines.push('a 2 1 100000');
    for (let i = 0; i < 5000; i++) lines.push(`f 1 ${i} ${[512, 1024, 2048, 700][i % 4]}`);
    const a = await analyzeTrace(chunks(lines.join('\n')));
    const bucket = (label: string) => a.sizeHistogram.find((b) => b.label === label);
    assert.equal(bucket('512')?.count, 1250);
    assert.equal(bucket('1024')?.count, 1250);
    assert.equal(bucket('2048')?.count, 1250);
    assert.equal(bucket('513–1023')?.count, 1250);
    assert.equal(bucket('65537–131071')?.count, 1);
    assert.ok(a.liveBytesSeries.length <= 500 && a.liveBytesSeries.length > 100, `${a.liveBytesSeries.length} points`);
    assert.equal(Math.max(...a.liveBytesSeries.map((p) => p.liveBytes)), a.peakLiveBytes);
    assert.equal(a.liveBytesSeries.at(-1)?.event, 10_001);
    assert.equal(a.peakAtEvent, 5001);
    assert.equal(a.models.length, 6);
    assert.deepEqual(
      a.models.map((m) => `${m.name}/${m.pools}`),
      ['three-tier/per-vm', 'three-tier/shared', 'buddy/per-vm', 'buddy/shared', 'buddy-no-header/per-vm', 'size-classes/per-vm'],
    );
    assert.match(a.definitions.external, /footprint − live − internal/);
  });

  it('openTraceFile gunzips by the magic bytes, whatever the name', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'memfleet-trace-'));
    try {
      const trace = 'a 1 1 512\nf 1 1 512\n'.repeat(1000);
      fs.writeFileSync(path.join(dir, 'plain.trace'), trace);
      fs.writeFileSync(path.join(dir, 'packed.trace'), gzipSync(trace));
      const plain = await analyzeTrace(openTraceFile(path.join(dir, 'plain.trace')));
      const packed = await analyzeTrace(openTraceFile(path.join(dir, 'packed.trace')));
      assert.equal(plain.events, 2000);
      assert.deepEqual(packed, plain);
      fs.writeFileSync(path.join(dir, 'broken.gz'), gzipSync(trace).subarray(0, 40));
      await assert.rejects(analyzeTrace(openTraceFile(path.join(dir, 'broken.gz'))), /unexpected end of file/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
