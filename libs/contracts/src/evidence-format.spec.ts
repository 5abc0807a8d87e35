import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { formatBytes, formatEvidence, formatEvidenceValue, formatSinceBoot } from './evidence-format';

describe('evidence-format', () => {
  it('renders every evidence unit as people read it, unknown as "unknown"', () => {
    const rows: [number | string | boolean | null | undefined, string, string][] = [
      [null, 'bytes', 'unknown'],
      [undefined, 'count', 'unknown'],
      [null, 'text', 'unknown'],
      [2_101_248_000, 'bytes', '1.96 GiB'],
      [512, 'bytes', '512 B'],
      [67 * 1024 * 1024, 'bytes', '67.0 MiB'],
      [5.86 * 1024 ** 4, 'bytes', '5.86 TiB'],
      [255, 'count', '255'],
      [2304, 'count', '2,304'],
      [0, 'count', '0'],
      [4, 'cpus', '4 CPUs'],
      [1, 'cpus', '1 CPU'],
      [39, 'bits', '39 bits'],
      [45, 'seconds', '45 s'],
      [600, 'seconds', '10 min'],
      [6 * 3600, 'seconds', '6.0 h'],
      [3 * 86400, 'seconds', '3.0 d'],
      [12.5, 'percent', '12.5%'],
      [20, 'percent', '20%'],
      [1.8517, 'ratio', '1.85'],
      [0.5, 'ratio', '0.5'],
      [1_048_576, 'bytes/s', '1.00 MiB/s'],
      [150 * 1_048_576, 'bytes/h', '150 MiB/h'],
      [true, 'flag', 'yes'],
      [false, 'flag', 'no'],
      [0, 'flag', 'no'],
      ['7.0.15', 'text', '7.0.15'],
      ['', 'text', '(empty)'],
      ['64m', 'bytes', '64m'],
    ];
    for (const [value, unit, expected] of rows) assert.equal(formatEvidenceValue(value, unit), expected, `${String(value)} ${unit}`);
  });

  it('gives bytes exactly as well in the long form (the CLI), never for under 1 KiB', () => {
    assert.equal(formatEvidenceValue(2_101_248_000, 'bytes', { form: 'long' }), '1.96 GiB (2,101,248,000 B)');
    assert.equal(formatEvidenceValue(1_048_576, 'bytes/s', { form: 'long' }), '1.00 MiB/s (1,048,576 B/s)');
    assert.equal(formatEvidenceValue(1000, 'bytes', { form: 'long' }), '1,000 B');
    assert.equal(formatBytes(-3 * 1024 ** 3, 'long'), '−3.00 GiB (−3,221,225,472 B)');
    assert.equal(formatEvidenceValue(null, 'bytes', { form: 'long' }), 'unknown');
  });

  it('shows a time since boot also as a wall-clock UTC time', () => {
    const boot = Date.UTC(2026, 10, 30, 8, 0, 50) / 1000;
    assert.equal(formatSinceBoot(10, boot), '2026-11-30 08:01 UTC, 10 s after boot');
    assert.equal(formatSinceBoot(10, null), '10 s after boot');
    assert.equal(
      formatEvidence({ label: 'Process started (s since boot)', value: 100, unit: 'seconds' }, { bootTimeEpochSeconds: boot }),
      '2026-11-30 08:02 UTC, 100 s after boot',
    );
    assert.equal(formatEvidence({ label: 'Window', value: 100, unit: 'seconds' }, { bootTimeEpochSeconds: boot }), '100 s', 'a duration stays a duration');
    assert.equal(formatEvidence({ label: 'Process started (s since boot)', value: null, unit: 'seconds' }, { bootTimeEpochSeconds: boot }), 'unknown');
  });

  it('imports nothing, so the dashboard can bundle it', () => {
    const source = fs.readFileSync(path.join(__dirname.replace(`${path.sep}dist${path.sep}`, path.sep), 'evidence-format.ts'), 'utf8');
    assert.doesNotMatch(source, /^import /m);
  });
});
