import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeTrace } from '../analyze-trace';
import type { TraceModelResult } from '../trace-types';
import { MODEL_KEYS, type ModelKey } from './index';

async function* text(s: string) {
  yield s;
}
async function run(key: ModelKey, trace: string): Promise<TraceModelResult> {
  const a = await analyzeTrace(text(trace), { models: [key] });
  return a.models[0];
}
const figures = (m: TraceModelResult) => ({
  peakFootprintBytes: m.peakFootprintBytes,
  peakAtEvent: m.peakAtEvent,
  liveBytesAtPeak: m.liveBytesAtPeak,
  internalFragmentationBytes: m.internalFragmentationBytes,
  externalFragmentationBytes: m.externalFragmentationBytes,
});

describe('model 1, three-tier', () => {
  const trace = [
    'a 1 1 100', //   small class 104 B; list empty → carved from a new 32 KiB chunk (VM 1); piece 32,664 left
    'a 1 2 1000', //  medium 1000 + 8 header = 1,008 from that piece → 31,656
    'a 2 1 40000', // large: 10 pages = 40,960
    'f 1 1 100', //   104 B goes to small list 13
    'a 1 3 96', //    small list 12 empty → 96 carved from the piece → 31,560
    'a 2 2 500', //   medium 508 → 512 (8-byte steps); per-vm: VM 2 has no chunk → a new one; shared: from the piece
  ].join('\n');

  it('per-vm: peak at event 6 — two chunks + 40,960 = 106,496; internal 8 + 960 + 0 + 12 = 980', async () => {
    // live at event 6 = 1000 + 40000 + 96 + 500 = 41,596; external = 106,496 − 41,596 − 980 = 63,920
    assert.deepEqual(figures(await run('three-tier/per-vm', trace)), {
      peakFootprintBytes: 106_496,
      peakAtEvent: 6,
      liveBytesAtPeak: 41_596,
      internalFragmentationBytes: 980,
      externalFragmentationBytes: 63_920,
    });
  });

  it('shared: the footprint first reaches its peak (32,768 + 40,960 = 73,728) at event 3', async () => {
    // at event 3: live 100 + 1000 + 40000 = 41,100; internal 4 + 8 + 960 = 972; external 73,728 − 41,100 − 972 = 31,656
    const m = await run('three-tier/shared', trace);
    assert.deepEqual(figures(m), {
      peakFootprintBytes: 73_728,
      peakAtEvent: 3,
      liveBytesAtPeak: 41_100,
      internalFragmentationBytes: 972,
      externalFragmentationBytes: 31_656,
    });
    assert.equal(m.internalFragmentationPercent, 1.32); // 972 / 73,728
    assert.equal(m.externalFragmentationPercent, 42.94); // 31,656 / 73,728
    assert.equal(m.footprintToLiveRatio, 1.794); // 73,728 / 41,100
  });

  it('a leftover ≤ 256 B goes to the small lists and serves a small request', async () => {
    // 32500 + 8 → 32,512 from a new chunk, 256 B left → small list 32; the 256-byte request takes it: one chunk
    // internal 12 + 0; live 32,756; external 32,768 − 32,756 − 12 = 0
    assert.deepEqual(figures(await run('three-tier/per-vm', 'a 1 1 32500\na 1 2 256')), {
      peakFootprintBytes: 32_768,
      peakAtEvent: 1,
      liveBytesAtPeak: 32_500,
      internalFragmentationBytes: 12,
      externalFragmentationBytes: 256,
    });
  });

  it('searches the free list at most 128 deep, and never returns chunks', async () => {
    // 130 × 300 B (308 → 312 with header): chunk 1 holds 105 (32,760 B, 8 B left to small list 1), chunk 2 the
    // other 25 (piece 24,968 left). Freeing all 130 puts 130 pieces of 312 B before that piece, so a 1,000-byte
    // request (1,008) finds nothing in 128 and takes chunk 3: 98,304 B at the last event, live 1,000, internal 8,
    // external 98,304 − 1,000 − 8 = 97,296.
    const lines: string[] = [];
    for (let i = 1; i <= 130; i++) lines.push(`a 1 ${i} 300`);
    for (let i = 1; i <= 130; i++) lines.push(`f 1 ${i} 300`);
    lines.push('a 1 999 1000');
    assert.deepEqual(figures(await run('three-tier/per-vm', lines.join('\n'))), {
      peakFootprintBytes: 98_304,
      peakAtEvent: 261,
      liveBytesAtPeak: 1000,
      internalFragmentationBytes: 8,
      externalFragmentationBytes: 97_296,
    });
  });
});

describe('model 2, buddy with an 8-byte header', () => {
  const trace = [
    'a 1 1 100', //   108 → 256; new chunk split: free 16,384 8,192 4,096 2,048 1,024 512 256
    'a 1 2 512', //   520 → 1,024 (the header pushes it up a class)
    'a 1 3 1024', //  1,032 → 2,048
    'a 2 1 2040', //  2,048 exactly; per-vm: VM 2's own chunk; shared: 4,096 split in two
    'f 1 1 100', //   256 merges with its free buddy 256 → 512, with the free 512 → 1,024; that buddy is taken: stop
    'a 1 4 40000', // 40,008 > 32 KiB: mapped directly, 40,960
  ].join('\n');

  it('per-vm: 2 chunks + 40,960 = 106,496 at event 6; internal 512 + 1,024 + 8 + 960 = 2,504', async () => {
    // live 512 + 1024 + 2040 + 40000 = 43,576; external 106,496 − 43,576 − 2,504 = 60,416
    assert.deepEqual(figures(await run('buddy/per-vm', trace)), {
      peakFootprintBytes: 106_496,
      peakAtEvent: 6,
      liveBytesAtPeak: 43_576,
      internalFragmentationBytes: 2504,
      externalFragmentationBytes: 60_416,
    });
  });

  it('shared: one chunk + 40,960 = 73,728; external 73,728 − 43,576 − 2,504 = 27,648', async () => {
    assert.deepEqual(figures(await run('buddy/shared', trace)), {
      peakFootprintBytes: 73_728,
      peakAtEvent: 6,
      liveBytesAtPeak: 43_576,
      internalFragmentationBytes: 2504,
      externalFragmentationBytes: 27_648,
    });
  });

  it('a wholly free chunk goes back to the OS', async () => {
    // 100 B takes chunk 1 and frees it (merged back to 32 KiB → returned); two 20,000 B requests (20,008 → 32 KiB)
    // take one chunk each: at most 2 chunks, peak at event 4; internal 2 × 12,768; external 0
    assert.deepEqual(figures(await run('buddy/per-vm', 'a 1 1 100\nf 1 1 100\na 1 2 20000\na 1 3 20000')), {
      peakFootprintBytes: 65_536,
      peakAtEvent: 4,
      liveBytesAtPeak: 40_000,
      internalFragmentationBytes: 25_536,
      externalFragmentationBytes: 0,
    });
  });

  it('32,760 B + header fills a chunk; 32,761 B is mapped directly (8 pages, no header)', async () => {
    const fits = await run('buddy/per-vm', 'a 1 1 32760');
    assert.equal(fits.peakFootprintBytes, 32_768);
    assert.equal(fits.internalFragmentationBytes, 8);
    const mapped = await run('buddy/per-vm', 'a 1 1 32761');
    assert.equal(mapped.peakFootprintBytes, 32_768);
    assert.equal(mapped.internalFragmentationBytes, 7);
    assert.equal((await run('buddy/per-vm', 'a 1 1 36000')).peakFootprintBytes, 36_864);
  });
});

describe('model 3, buddy without header', () => {
  it('per-vm: a 512-byte request takes 512; internal 0 + 0 + 8 + 960 = 968', async () => {
    const trace = [
      'a 1 1 100', //   → 256 (the smallest block), internal 156
      'a 1 2 512', //   → 512
      'a 1 3 1024', //  → 1,024
      'a 2 1 2040', //  → 2,048 in VM 2's chunk
      'f 1 1 100', //   256 + free buddy 256 → 512; its buddy (512) is taken: stop
      'a 1 4 40000', // mapped: 40,960
    ].join('\n');
    // 106,496 at event 6; live 43,576; external 106,496 − 43,576 − 968 = 61,952
    assert.deepEqual(figures(await run('buddy-no-header/per-vm', trace)), {
      peakFootprintBytes: 106_496,
      peakAtEvent: 6,
      liveBytesAtPeak: 43_576,
      internalFragmentationBytes: 968,
      externalFragmentationBytes: 61_952,
    });
    // 32,768 B is a whole chunk without header
    assert.equal((await run('buddy-no-header/per-vm', 'a 1 1 32768')).internalFragmentationBytes, 0);
  });
});

describe('model 4, size classes', () => {
  it('per-vm: slabs of one class, an empty slab returned; 61,440 at event 6', async () => {
    const trace = [
      'a 1 1 100', //   class 112; slab lcm(112, 4096) = 28,672 (7 pages, 256 blocks); internal 12
      'a 1 2 100', //   same slab; internal 12
      'a 1 3 512', //   class 512, slab 4,096 → 32,768
      'a 2 1 3000', //  class 3,072, slab lcm = 12,288 (VM 2) → 45,056; internal 72
      'f 1 3 512', //   slab empty → returned: 40,960
      'a 1 4 20000', // > 14 KiB: 5 pages, 20,480 → 61,440; internal 480
    ].join('\n');
    // live 100 + 100 + 3000 + 20000 = 23,200; internal 12 + 12 + 72 + 480 = 576; external 61,440 − 23,200 − 576 = 37,664
    assert.deepEqual(figures(await run('size-classes/per-vm', trace)), {
      peakFootprintBytes: 61_440,
      peakAtEvent: 6,
      liveBytesAtPeak: 23_200,
      internalFragmentationBytes: 576,
      externalFragmentationBytes: 37_664,
    });
  });

  it('14,336 B is the largest class (slab of 7 pages); 14,337 B is rounded to pages', async () => {
    assert.equal((await run('size-classes/per-vm', 'a 1 1 14336')).peakFootprintBytes, 28_672);
    const big = await run('size-classes/per-vm', 'a 1 1 14337');
    assert.equal(big.peakFootprintBytes, 16_384);
    assert.equal(big.internalFragmentationBytes, 2047);
  });
});

describe('every model, many VMs', () => {
  // One VM's Lua-like life: tables growing 512 → 1,024 → 2,048 B, short-lived strings, a third of the tables kept.
  const life: string[] = [];
  for (let t = 1; t <= 300; t++) {
    life.push(`a ${2 * t} 512`, `r ${2 * t} 512 1024`, `r ${2 * t} 1024 2048`, `a ${2 * t + 1} ${24 + (t % 40)}`, `f ${2 * t + 1} ${24 + (t % 40)}`);
    if (t % 3) life.push(`f ${2 * t} 2048`);
  }
  const op = (line: string, vm: number) => {
    const [kind, ...rest] = line.split(' ');
    return `${kind} ${vm} ${rest.join(' ')}`;
  };
  const alone = life.map((l) => op(l, 1)).join('\n');
  // The same life in 12 VMs at once, event by event: per VM, each pool holds exactly what one VM's pool holds.
  const VMS = 12;
  const together = life.flatMap((l) => Array.from({ length: VMS }, (_, i) => op(l, i + 1))).join('\n');

  for (const key of MODEL_KEYS) {
    it(`${key}: footprint covers live + internal, and per VM twelve identical VMs take twelve times one (per VM)`, async () => {
      const [one] = (await analyzeTrace(text(alone), { models: [key] })).models;
      const [many] = (await analyzeTrace(text(together), { models: [key] })).models;
      for (const m of [one, many]) assert.ok(m.externalFragmentationBytes >= 0, `${key}: external ${m.externalFragmentationBytes} at peak`);
      if (many.pools === 'per-vm') {
        assert.equal(many.peakFootprintBytes, VMS * one.peakFootprintBytes);
        assert.equal(many.liveBytesAtPeak, VMS * one.liveBytesAtPeak);
        assert.equal(many.internalFragmentationBytes, VMS * one.internalFragmentationBytes);
      }
    });
  }
});
