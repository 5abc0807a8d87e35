import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { destinationProblems } from '../destination-checks';
import { DenyList } from './deny-list';

describe('the destination deny list', () => {
  const deny = DenyList.parse('10.0.0.0/8, 169.254.169.254, fd00::/8');

  it('refuses IPv4 and IPv6 addresses in its ranges, IPv4-mapped IPv6 included, naming the range', () => {
    assert.equal(deny.refusing('10.1.2.3'), '10.0.0.0/8');
    assert.equal(deny.refusing('169.254.169.254'), '169.254.169.254');
    assert.equal(deny.refusing('fd12::1'), 'fd00::/8');
    assert.equal(deny.refusing('::ffff:10.9.9.9'), '10.0.0.0/8');
    assert.equal(deny.refusing('11.0.0.1'), null);
    assert.equal(deny.refusing('169.254.169.253'), null);
    assert.equal(deny.refusing('fe80::1'), null);
  });

  it('is empty by default, and stops on an entry that is not a CIDR, naming the variable', () => {
    assert.ok(DenyList.parse(null).empty);
    assert.ok(DenyList.parse(' , ').empty);
    for (const bad of ['10.0.0.0/33', 'fd00::/129', 'example.com/8', '10.0.0.0/8/1', '10.0.0/8'])
      assert.throws(
        () => DenyList.parse(bad),
        new RegExp(`MEMFLEET_DESTINATION_DENY_CIDRS is invalid: "${bad.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}" is not a CIDR`),
      );
  });

  it('checks literal addresses of a destination when it is stored; host names wait for the send', () => {
    const problems = (url: string) => destinationProblems({ type: 'webhook', url, to: null, secret: null }, deny).map((e) => `${e.path}: ${e.reason}`);
    assert.deepEqual(problems('http://10.0.0.5:8080/hook'), ['url: 10.0.0.5 is refused by MEMFLEET_DESTINATION_DENY_CIDRS (10.0.0.0/8)']);
    assert.deepEqual(problems('http://[fd00::5]/hook'), ['url: fd00::5 is refused by MEMFLEET_DESTINATION_DENY_CIDRS (fd00::/8)']);
    assert.deepEqual(problems('https://hooks.example.com/x'), []);
    assert.deepEqual(problems('https://user:pw@hooks.example.com/x'), ['url: must not carry credentials']);
    assert.deepEqual(problems('gopher://hooks.example.com/'), ['url: must be http or https, not gopher']);
  });
});
