import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { analyzeTrace, openTraceFile } from '@memfleet/trace-lab';
import { repoRoot } from '../testing/fixture-paths';
import { startNode } from '../testing/node-process';

const AGENT_MAIN = path.join(repoRoot(), 'dist/apps/agent/src/main.js');

async function agent(args: string[]) {
  const p = startNode(AGENT_MAIN, args, {});
  const code = await p.exited;
  const out = p.stdout();
  // output() interleaves both streams; each case here writes to only one of them
  return { code, out, err: p.output().replace(out, '') };
}

describe('memfleet-agent trace (the real binary)', { timeout: 120_000 }, () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'memfleet-trace-cli-'));
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));
  const file = (name: string, data: string | Buffer) => {
    const p = path.join(tmp, name);
    fs.writeFileSync(p, data);
    return p;
  };
  const trace = ['# two VMs', 'a 1 1 100', 'a 1 2 512 1000', 'a 2 1 1000', 'f 1 1 100', 'f 1 1 100', 'r 1 3 0 40000', 'r 1 2 512 1024', 'f 2 1 999'].join('\n');

  it('analyze prints the summary, the six models and the definitions', async () => {
    const r = await agent(['trace', 'analyze', file('t.trace', trace)]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /: 8 events, 2 VMs\n/);
    assert.match(r.out, /Trace errors \(counted, skipped\): doubleFree 1, sizeMismatch 1\n/);
    for (const m of ['three-tier  +per-vm', 'three-tier  +shared', 'buddy  +per-vm', 'buddy  +shared', 'buddy-no-header  +per-vm', 'size-classes  +per-vm']) {
      assert.match(r.out, new RegExp(`\\n${m} `), m);
    }
    assert.match(r.out, /footprint = bytes taken from the OS and not yet returned/);
    assert.match(r.out, /internal {2}= bytes given to blocks beyond what was asked \(rounding \+ headers\)/);
    assert.match(r.out, /external {2}= footprint − live − internal, at the moment of peak footprint/);
  });

  it('--json prints exactly the analysis object, also from a gzip file', async () => {
    const gz = file('t.trace.gz', gzipSync(trace));
    const r = await agent(['trace', 'analyze', gz, '--json']);
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(JSON.parse(r.out), await analyzeTrace(openTraceFile(gz)));
  });

  it('malformed: stderr line N: reason, exit 65; a missing file exits 66', async () => {
    const r = await agent(['trace', 'analyze', file('bad.trace', 'a 1 1 8\na 1 2\nz\n')]);
    assert.equal(r.code, 65);
    assert.equal(r.out, '');
    assert.equal(r.err, 'line 2: expected "a <vm> <id> <size> [ns]", got 2 fields after the event letter (and 1 further malformed lines)\n');
    const missing = await agent(['trace', 'analyze', path.join(tmp, 'nope.trace')]);
    assert.equal(missing.code, 66);
    assert.match(missing.err, /cannot read .*nope\.trace: ENOENT/);
  });

  it('over the 200 MiB limit: a clear error and exit 65', async () => {
    // 51,300 comment lines of 4,090 B = 209.8 MB uncompressed, a few hundred KB gzip
    const line = `#${'x'.repeat(4088)}\n`;
    const big = file('big.trace.gz', gzipSync(Buffer.from(line.repeat(51_300)), { level: 1 }));
    const r = await agent(['trace', 'analyze', big]);
    assert.equal(r.code, 65);
    assert.match(r.err, /trace is larger than 209715200 bytes uncompressed \(limit\)/);
  });

  it('convert turns records into a trace that analyze accepts; a bad record names its line', async () => {
    const records = file(
      'rec.txt',
      [
        'return {',
        '{ action = "alloc", index = 1, size = 512, osize = 0 },',
        '{"action":"realloc","index":1,"size":1024,"osize":512}',
        '{action="free", index=1, size=0, osize=1024},',
        '}',
      ].join('\n'),
    );
    const out = path.join(tmp, 'conv.trace');
    const r = await agent(['trace', 'convert', records, '-o', out, '--vm', '3']);
    assert.equal(r.code, 0, r.err);
    assert.equal(fs.readFileSync(out, 'utf8'), 'a 3 1 512\nr 3 1 512 1024\nf 3 1 1024\n');
    const stdout = await agent(['trace', 'convert', records]);
    assert.equal(stdout.out, 'a 1 1 512\nr 1 1 512 1024\nf 1 1 1024\n');
    const analysed = await agent(['trace', 'analyze', out, '--json']);
    assert.equal(JSON.parse(analysed.out).peakLiveBytes, 1024);
    const bad = await agent(['trace', 'convert', file('bad.txt', '{index=1,size=8,osize=0}\n{action="x",index=2}\n'), '-o', path.join(tmp, 'gone.trace')]);
    assert.equal(bad.code, 65);
    assert.equal(bad.err, 'line 2: unknown action "x" (expected alloc, free or realloc)\n');
    assert.equal(fs.existsSync(path.join(tmp, 'gone.trace')), false);
  });
});
