import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { sampleReport, withProcess } from '../testing/sample-report';
import { canonicalJson, configurationHash, VOLATILE_CONFIGURATION_FIELDS } from './configuration-hash';

/** The same value with every object's keys written in reverse order. */
function reversedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversedKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value)
      .reverse()
      .map((k) => [k, reversedKeys((value as Record<string, unknown>)[k])]),
  );
}

describe('canonicalJson', () => {
  it('sorts keys recursively, keeps arrays in order, drops undefined members, writes scalars as JSON.stringify does', () => {
    assert.equal(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 'x"' }], c: undefined }, e: null }), '{"a":{"d":[3,{"y":"x\\"","z":1}]},"b":1,"e":null}');
    assert.equal(canonicalJson([2, 1]), '[2,1]');
    assert.equal(canonicalJson(1e21), JSON.stringify(1e21));
    assert.equal(canonicalJson('é\u2028'), JSON.stringify('é\u2028'));
  });
});

describe('configurationHash', () => {
  const configuration = withProcess(sampleReport(), { subject: 'redis:/usr/bin/redis-server', env: { MALLOC_ARENA_MAX: '2' } }).configuration;

  it('is the lowercase hex SHA-256 of the canonical JSON', () => {
    assert.equal(configurationHash(configuration), createHash('sha256').update(canonicalJson(configuration)).digest('hex'));
    assert.match(configurationHash(configuration), /^[0-9a-f]{64}$/);
  });

  it('does not change with the order of keys', () => {
    const reordered = reversedKeys(configuration);
    assert.notEqual(JSON.stringify(reordered), JSON.stringify(configuration));
    assert.equal(configurationHash(reordered), configurationHash(configuration));
  });

  it('changes with any value, nested ones and array order included', () => {
    const base = configurationHash(configuration);
    const changes: Array<(c: typeof configuration) => void> = [
      (c) => (c.host.hostname = `${c.host.hostname}x`),
      (c) => (c.vm.overcommitMemory = 1),
      (c) => (c.cpu.online = null),
      (c) => (c.processes[0].env = { MALLOC_ARENA_MAX: '4' }),
      (c) => c.mounts.reverse(),
      (c) => c.mounts.push({ mountPoint: '/tmp', fsType: 'tmpfs', sizeOption: null }),
    ];
    for (const change of changes) {
      const c = structuredClone(configuration);
      if (c.mounts.length < 2) c.mounts.push({ mountPoint: '/run', fsType: 'tmpfs', sizeOption: '10m' });
      const withTwo = configurationHash(c);
      change(c);
      assert.notEqual(configurationHash(c), withTwo, change.toString());
    }
    assert.equal(configurationHash(structuredClone(configuration)), base);
  });

  it('leaves volatile fields out (none in the current contract; the mechanism is checked with one)', () => {
    assert.deepEqual(VOLATILE_CONFIGURATION_FIELDS, []);
    const other = structuredClone(configuration);
    other.host.bootTimeEpochSeconds = (other.host.bootTimeEpochSeconds ?? 0) + 1;
    assert.notEqual(configurationHash(other), configurationHash(configuration));
    assert.equal(configurationHash(other, ['host.bootTimeEpochSeconds']), configurationHash(configuration, ['host.bootTimeEpochSeconds']));
    // the configuration itself is left as it was
    assert.notEqual(other.host.bootTimeEpochSeconds, configuration.host.bootTimeEpochSeconds);
  });
});
