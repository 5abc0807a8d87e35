import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { HeldConfiguration } from './held-configuration';
import { Spool, type SpooledReport } from './spool';

const hashOf = (c: string) => c.repeat(64);
const report = (sequence: number, config: string): SpooledReport => ({
  schemaVersion: 3,
  sequence,
  configurationHash: hashOf(config),
  configuration: { host: { hostname: `h-${config}` } },
  metrics: { uptimeSeconds: sequence },
});
const body = (gz: Buffer | null) => JSON.parse(zlib.gunzipSync(gz as Buffer).toString('utf8')) as Record<string, unknown>;

describe('spool', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'memfleet-spool-'));
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('the spool is bounded: oldest dropped first and counted', () => {
    const spool = new Spool(path.join(tmp, 'bounded'), { maxReports: 3, maxBytes: 1e9 });
    for (let s = 1; s <= 5; s++) spool.add(s, `k${s}`, report(s, 'a'));
    assert.deepEqual(
      spool.list().map((e) => e.sequence),
      [3, 4, 5],
    );
    assert.equal(spool.counters().dropped, 2);
  });

  it('keeps each report without its configuration and the configuration once per hash, and gives either form back', () => {
    const dir = path.join(tmp, 'per-hash');
    const spool = new Spool(dir);
    spool.add(1, 'k1', report(1, 'a'));
    spool.add(2, 'k2', report(2, 'a'));
    spool.add(3, 'k3', report(3, 'b'));
    assert.deepEqual(spool.configurations(), [hashOf('a'), hashOf('b')]);
    const [first, , third] = spool.list();
    assert.deepEqual([first.idempotencyKey, first.configurationHash], ['k1', hashOf('a')]);
    const { configuration, ...metricsOnly } = report(1, 'a');
    assert.deepEqual(body(spool.read(first, false)), metricsOnly);
    assert.deepEqual(body(spool.read(first, true)), { ...metricsOnly, configuration });
    assert.deepEqual(body(spool.read(third, true)).configuration, { host: { hostname: 'h-b' } });
    // on disk, the queued report holds no configuration
    assert.equal('configuration' in body(fs.readFileSync(first.file)), false);
  });

  it('removes a configuration once no spooled report names it, whether sent or dropped', () => {
    const spool = new Spool(path.join(tmp, 'collect'), { maxReports: 3, maxBytes: 1e9 });
    spool.add(1, 'k1', report(1, 'a'));
    spool.add(2, 'k2', report(2, 'b'));
    spool.add(3, 'k3', report(3, 'b'));
    const [a, b] = spool.list();
    spool.remove(a);
    assert.deepEqual(spool.configurations(), [hashOf('b')]);
    spool.remove(b);
    assert.deepEqual(spool.configurations(), [hashOf('b')], 'report 3 still names it');
    spool.add(4, 'k4', report(4, 'c'));
    spool.add(5, 'k5', report(5, 'c'));
    spool.add(6, 'k6', report(6, 'c')); // drops 3, the last to name b
    assert.deepEqual(spool.configurations(), [hashOf('c')]);
  });

  it('answers null for a whole report whose configuration is gone, and still sends reports an older agent spooled whole', () => {
    const dir = path.join(tmp, 'damaged');
    const spool = new Spool(dir);
    spool.add(1, 'k1', report(1, 'a'));
    fs.rmSync(path.join(dir, 'spool-configs', `${hashOf('a')}.json.gz`));
    const [entry] = spool.list();
    assert.equal(spool.read(entry, true), null);
    assert.ok(spool.read(entry, false));
    const old = zlib.gzipSync(JSON.stringify({ schemaVersion: 2, sequence: 2, configuration: {} }));
    fs.writeFileSync(path.join(dir, 'spool', `${String(2).padStart(16, '0')}.5d1c0ffee-key.json.gz`), old);
    const legacy = spool.list()[1];
    assert.deepEqual([legacy.sequence, legacy.idempotencyKey, legacy.configurationHash], [2, '5d1c0ffee-key', null]);
    assert.deepEqual(spool.read(legacy, true), old);
  });
});

describe('held configuration', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'memfleet-held-'));
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('remembers the hash per server across restarts, and forgets it on an answer without one', () => {
    new HeldConfiguration(tmp).set('https://a', hashOf('a'));
    const again = new HeldConfiguration(tmp);
    assert.equal(again.hashAt('https://a'), hashOf('a'));
    assert.equal(again.hashAt('https://b'), null);
    again.set('https://a', null);
    assert.equal(new HeldConfiguration(tmp).hashAt('https://a'), null);
    fs.writeFileSync(path.join(tmp, 'configuration-held.json'), '{not json');
    assert.equal(new HeldConfiguration(tmp).hashAt('https://a'), null);
  });
});
