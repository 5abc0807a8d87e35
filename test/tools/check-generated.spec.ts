import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../helpers/processes';

// Runs scripts/check-generated.mjs in a scratch tree whose generators are stubs printing a fixed text.
describe('check-generated.mjs', () => {
  let dir: string;
  const run = () => spawnSync(process.execPath, [path.join(REPO_ROOT, 'scripts/check-generated.mjs')], { cwd: dir, encoding: 'utf8' });
  const stub = (script: string, text: string) => {
    fs.mkdirSync(path.join(dir, path.dirname(script)), { recursive: true });
    fs.writeFileSync(path.join(dir, script), `process.stdout.write(${JSON.stringify(text)});\n`);
  };
  const committed = (file: string, text: string) => {
    fs.mkdirSync(path.join(dir, path.dirname(file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  };

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'memfleet-check-generated-'));
    committed('openapi.json', '{}\n');
    committed('docs/rules.md', '# rules\n');
    committed('apps/dashboard/src/api/openapi.gen.ts', '// types\n');
    stub('dist/scripts/gen-openapi.js', '{}\n');
    stub('dist/scripts/gen-rules-doc.js', '# rules\n');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('fails naming a generator whose script is missing, and checks the others', () => {
    const res = run();
    assert.equal(res.status, 1, res.stdout + res.stderr);
    assert.match(res.stderr, /apps\/dashboard\/src\/api\/openapi\.gen\.ts: its generator dist\/scripts\/gen-dashboard-types\.js is missing/);
    assert.match(res.stdout, /openapi\.json: current/);
    assert.match(res.stdout, /docs\/rules\.md: current/);
  });

  it('passes when every generator is there and prints what is committed, and fails naming a stale file', () => {
    stub('dist/scripts/gen-dashboard-types.js', '// types\n');
    assert.equal(run().status, 0);
    stub('dist/scripts/gen-rules-doc.js', '# rules, changed\n');
    const res = run();
    assert.equal(res.status, 1);
    assert.match(res.stderr, /docs\/rules\.md is out of date: run the generator \(npm run docs:rules\)/);
  });
});
