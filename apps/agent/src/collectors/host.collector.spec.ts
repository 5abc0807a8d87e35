import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type os from 'node:os';
import { interfaceAddresses } from './host.collector';

const iface = (address: string, internal = false) =>
  ({ address, internal, family: address.includes(':') ? 'IPv6' : 'IPv4', netmask: '', mac: '', cidr: null }) as os.NetworkInterfaceInfo;

describe('interfaceAddresses', () => {
  it('lists every interface address once, sorted, without loopback or IPv6 link-local', () => {
    assert.deepEqual(
      interfaceAddresses({
        lo: [iface('127.0.0.1', true), iface('::1', true)],
        eth1: [iface('10.0.1.7'), iface('fe80::1c2:3ff:fe4a:5b6c')],
        eth0: [iface('10.0.0.5'), iface('fd00::5'), iface('10.0.0.5')],
      }),
      ['10.0.0.5', '10.0.1.7', 'fd00::5'],
    );
    assert.deepEqual(interfaceAddresses({}), []);
  });
});
