import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { clientAddressKey } from './client-address';

describe('clientAddressKey', () => {
  it('keys IPv4 as it is, IPv4-mapped IPv6 as IPv4, IPv6 by its /64', () => {
    assert.equal(clientAddressKey('203.0.113.7'), '203.0.113.7');
    assert.equal(clientAddressKey('::ffff:203.0.113.7'), '203.0.113.7');
    assert.equal(clientAddressKey('::ffff:cb00:7107'), '203.0.113.7');
    assert.equal(clientAddressKey('2001:db8:1:2::1'), '2001:db8:1:2::/64');
    assert.equal(clientAddressKey('2001:db8:1:2:ffff:eeee:dddd:cccc'), '2001:db8:1:2::/64');
    assert.equal(clientAddressKey('2001:DB8:0001:0002:0:0:0:9'), '2001:db8:1:2::/64');
    assert.notEqual(clientAddressKey('2001:db8:1:3::1'), clientAddressKey('2001:db8:1:2::1'));
    assert.equal(clientAddressKey('::1'), '0:0:0:0::/64');
    assert.equal(clientAddressKey('fe80::1%eth0'), 'fe80:0:0:0::/64');
    assert.equal(clientAddressKey(undefined), 'unknown');
  });
});
