import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { compareVersionKeys, parseHostSearch, versionKey } from './host-search';

const terms = (q: string) => {
  const parsed = parseHostSearch(q);
  assert.ok(parsed.ok, JSON.stringify(parsed));
  return parsed.terms;
};
const refused = (q: string) => {
  const parsed = parseHostSearch(q);
  assert.ok(!parsed.ok, `${q} was accepted`);
  return { term: parsed.term, reason: parsed.reason };
};

describe('parseHostSearch', () => {
  it('Match: plain words and key:value terms, space-separated, keys case-insensitive', () => {
    assert.deepEqual(terms('  envoy   node-12 '), [
      { key: 'word', value: 'envoy' },
      { key: 'word', value: 'node-12' },
    ]);
    assert.deepEqual(terms('Runtime:Envoy process:redis-server kernel:6.1 ip:10.0.0.5 label:team=edge'), [
      { key: 'runtime', value: 'envoy' },
      { key: 'process', value: 'redis-server' },
      { key: 'kernel', value: '6.1' },
      { key: 'ip', value: '10.0.0.5' },
      { key: 'label', label: 'team', value: 'edge' },
    ]);
    assert.deepEqual(terms(''), []);
  });

  it('Match: version takes <, <=, >, >=, = and means = without one', () => {
    assert.deepEqual(
      terms('version:<1.34 version:<=2 version:>1.8.0_392 version:>=17 version:=1.34.2-dev version:7.2').map((t) => t.key === 'version' && [t.op, t.value]),
      [
        ['<', '1.34'],
        ['<=', '2'],
        ['>', '1.8.0_392'],
        ['>=', '17'],
        ['=', '1.34.2-dev'],
        ['=', '7.2'],
      ],
    );
  });

  it('Match: an IPv6 address or a subject with digits before the colon stays a word', () => {
    assert.deepEqual(terms('fe80::1'), [{ key: 'word', value: 'fe80::1' }]);
    assert.deepEqual(terms('ip:fe80::1'), [{ key: 'ip', value: 'fe80::1' }]);
  });

  it('No match: a malformed term is refused, naming it and why', () => {
    assert.deepEqual(refused('envoy colour:red'), { term: 'colour:red', reason: 'unknown key "colour" (keys: runtime, version, process, kernel, ip, label)' });
    assert.match(refused('version:<abc').reason, /"abc" is not a version/);
    assert.match(refused('version:>=').reason, /needs a version after the operator/);
    assert.match(refused('runtime:').reason, /runtime: needs a value/);
    assert.match(refused('runtime:nginx').reason, /unknown runtime kind "nginx" \(kinds: spin, wasmtime, envoy/);
    assert.match(refused('label:team').reason, /must look like key=value/);
    assert.equal(refused(Array.from({ length: 17 }, (_, i) => `w${i}`).join(' ')).term, 'w16');
    assert.match(refused(`a ${'x'.repeat(300)}`).reason, /at most 256 characters/);
  });
});

describe('versionKey', () => {
  it('compares numerically per dot component, not as text; trailing zeros do not count', () => {
    const sorted = ['1.10', '1.9.3', '1.34.0', '1.4', '0.9', '2', '1.34.1', 'v1.34'].sort((a, b) => compareVersionKeys(versionKey(a)!, versionKey(b)!));
    assert.deepEqual(sorted, ['0.9', '1.4', '1.9.3', '1.10', '1.34.0', 'v1.34', '1.34.1', '2']);
    assert.deepEqual(versionKey('1.34.0'), [1, 34]);
    assert.deepEqual(versionKey('0.0'), [0]);
    assert.deepEqual(versionKey('17.0.9+9'), [17, 0, 9]);
    assert.deepEqual(versionKey('1.8.0_392'), [1, 8]);
    assert.equal(versionKey('unknown'), null);
    assert.ok(compareVersionKeys(versionKey('1.33.9')!, versionKey('1.34')!) < 0);
  });
});
