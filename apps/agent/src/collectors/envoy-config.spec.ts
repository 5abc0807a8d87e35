import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../testing/fixture-paths';
import { readEnvoyConfig, type EnvoyConfigFacts } from './envoy-config';

const FIXTURES = path.join(repoRoot(), 'apps', 'agent', 'src', 'collectors', 'fixtures', 'envoy-config');
const read = (name: string): EnvoyConfigFacts => readEnvoyConfig(fs.readFileSync(path.join(FIXTURES, name), 'utf8'), `/etc/envoy/${name}`);
const facts = (wasmPluginCount: number | null, adminPort: number | null): EnvoyConfigFacts => ({ ok: true, wasmPluginCount, adminPort });

describe('envoy-config: Wasm VMs and the admin port from Envoy and Higress bootstraps', () => {
  it('one plugin used as a listener filter and as a cluster upstream filter, same vm_id and code: one VM', () => {
    assert.deepEqual(read('envoy-http-and-upstream-wasm.yaml'), facts(1, 9902));
  });

  it('the network Wasm filter (envoy.filters.network.wasm) counts, without a vm_id', () => {
    assert.deepEqual(read('envoy-network-wasm.yaml'), facts(1, 9901));
  });

  it("Higress's local plugin bootstrap: a TypedStruct-wrapped Wasm filter named after the plugin", () => {
    assert.deepEqual(read('higress-plugin-local-test.yaml'), facts(1, 9901));
  });

  it('plugins sharing vm_id, VM configuration and code share a VM across HTTP and network filters and YAML anchors', () => {
    // auth + audit + tcp-audit + the anchored auth: one; rate-limit (other code): two; geo (own VM configuration): three
    assert.deepEqual(read('shared-vm-id.yaml'), facts(3, 15001));
  });

  it('JSON: a per-worker Wasm service shares its VM with a filter of the same module; a singleton service and an access logger', () => {
    // singleton stats_flusher: not per worker; shared_cache + cache_lookup (same sha256 from two URLs): one; json_logger: two
    assert.deepEqual(read('envoy-static.json'), facts(2, 19000));
  });

  it("a Higress/Istio gateway's bootstrap takes listeners over xDS: the plugin count is unknown here, not 0", () => {
    assert.deepEqual(read('higress-gateway-envoy-rev.json'), facts(null, 15000));
  });

  it('Wasm filters delivered over ECDS count once per filter name', () => {
    assert.deepEqual(read('higress-ecds-listener.yaml'), facts(2, null));
  });

  it('no Wasm filter and listeners in the file: 0', () => {
    assert.deepEqual(read('no-wasm.yaml'), facts(0, 15000));
    assert.deepEqual(readEnvoyConfig('', '/etc/envoy/empty.yaml'), facts(0, null));
    assert.deepEqual(readEnvoyConfig('# only a comment\n', '/etc/envoy/envoy.yaml'), facts(0, null));
  });

  it('malformed YAML or JSON, alias bombs and protobuf files are reported as errors, never thrown', () => {
    for (const [name, error] of [
      ['malformed.yaml', /^not valid YAML: /],
      ['malformed.json', /^not valid JSON: /],
      ['alias-bomb.yaml', /^not valid YAML: .*alias/i],
    ] as const) {
      const r = read(name);
      assert.equal(r.ok, false, name);
      if (!r.ok) assert.match(r.error, error, name);
    }
    assert.deepEqual(readEnvoyConfig('static_resources: {}', '/etc/envoy/envoy.pb_text'), {
      ok: false,
      error: 'protobuf bootstraps (.pb, .pb_text) are not read',
    });
    const huge = readEnvoyConfig(`# ${'x'.repeat(9 * 1024 * 1024)}`, '/etc/envoy/envoy.yaml');
    assert.equal(huge.ok, false);
  });
});
