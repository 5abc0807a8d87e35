import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '../testing/fixture-paths';
import { HostFs } from './host-fs';
import { buildRuntimes, type RuntimeExtras, type RuntimeInput } from './runtimes.collector';

const FIXTURES = path.join(repoRoot(), 'apps', 'agent', 'src', 'collectors', 'fixtures', 'envoy-config');

describe('runtimes: Envoy reads the config its -c names, inside the process root', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'memfleet-envoy-'));
  after(() => fs.rmSync(root, { recursive: true, force: true }));
  const procRoot = '/proc/4100/root';
  const place = (fixture: string, as: string) => {
    const file = path.join(root, procRoot, as);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.copyFileSync(path.join(FIXTURES, fixture), file);
  };
  const envoy = (configPath: string) => {
    const hfs = new HostFs(root);
    const input: RuntimeInput = {
      pid: 4100,
      argv: ['envoy', '-c', configPath, '--concurrency', '8'],
      env: {},
      exe: '/usr/local/bin/envoy',
      uid: 0,
      procRoot,
      version: '1.31.2',
      googleTcmalloc: true,
      gperftools: false,
    };
    const extras: RuntimeExtras = {};
    const [runtime] = buildRuntimes(hfs, ['envoy'], input, extras);
    return { envoy: runtime.envoy, extras, errors: hfs.errors };
  };

  it('counts the Wasm VMs and finds the admin port of a YAML and a JSON bootstrap', () => {
    place('shared-vm-id.yaml', '/etc/envoy/envoy.yaml');
    const yaml = envoy('/etc/envoy/envoy.yaml');
    assert.deepEqual([yaml.envoy?.wasmPluginCount, yaml.envoy?.wasmPluginSource, yaml.envoy?.concurrencyFlag], [3, 'config', 8]);
    assert.deepEqual(yaml.extras, { envoyConfigPath: '/etc/envoy/envoy.yaml', envoyAdminPort: 15001 });
    assert.deepEqual(yaml.errors, []);
    place('envoy-static.json', '/etc/envoy/envoy.json');
    assert.equal(envoy('etc/envoy/envoy.json').envoy?.wasmPluginCount, 2);
  });

  it('a gateway whose listeners come over xDS leaves the count unknown, for a declaration to supply', () => {
    place('higress-gateway-envoy-rev.json', '/etc/istio/proxy/envoy-rev.json');
    const r = envoy('/etc/istio/proxy/envoy-rev.json');
    assert.deepEqual([r.envoy?.wasmPluginCount, r.envoy?.wasmPluginSource], [null, null]);
    assert.equal(r.extras.envoyAdminPort, 15000);
    assert.deepEqual(r.errors, []);
  });

  it('a malformed config does not stop collection: the count is null and the error names the file', () => {
    place('malformed.yaml', '/etc/envoy/broken.yaml');
    const r = envoy('/etc/envoy/broken.yaml');
    assert.deepEqual([r.envoy?.wasmPluginCount, r.envoy?.wasmPluginSource, r.extras.envoyAdminPort], [null, null, undefined]);
    assert.equal(r.errors.length, 1);
    assert.equal(r.errors[0].source, `${procRoot}/etc/envoy/broken.yaml`);
    assert.equal(r.errors[0].fact, 'envoy(4100).wasmPluginCount');
    assert.match(r.errors[0].error, /^Envoy config not valid YAML: /);
  });
});
