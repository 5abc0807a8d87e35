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
  // A folder generator (the SQL snapshot) writes its files into the directory after --out.
  const folderStub = (script: string, files: Record<string, string>) => {
    fs.mkdirSync(path.join(dir, path.dirname(script)), { recursive: true });
    const body = `const fs = require('fs'), path = require('path'); const out = process.argv[process.argv.indexOf('--out') + 1];
for (const [n, t] of Object.entries(${JSON.stringify(files)})) fs.writeFileSync(path.join(out, n), t);\n`;
    fs.writeFileSync(path.join(dir, script), body);
  };
  const committed = (file: string, text: string) => {
    fs.mkdirSync(path.join(dir, path.dirname(file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  };

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'memfleet-check-generated-'));
    committed('openapi.json', '{}\n');
    committed('docs/rules.md', '# rules\n');
    committed('README.md', '# memfleet\n');
    committed('apps/dashboard/src/api/openapi.gen.ts', '// types\n');
    stub('dist/scripts/gen-openapi.js', '{}\n');
    stub('dist/scripts/gen-rules-doc.js', '# rules\n');
    committed('libs/persistence/src/queries/hosts.repository.sql', '-- hosts\n');
    folderStub('dist/scripts/gen-sql.js', { 'hosts.repository.sql': '-- hosts\n' });
    stub('dist/scripts/gen-config-doc.js', '# memfleet\n');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('fails naming a generator whose script is missing, and checks the others', () => {
    const res = run();
    assert.equal(res.status, 1, res.stdout + res.stderr);
    assert.match(res.stderr, /apps\/dashboard\/src\/api\/openapi\.gen\.ts: its generator dist\/scripts\/gen-dashboard-types\.js is missing/);
    assert.match(res.stdout, /openapi\.json: current/);
    assert.match(res.stdout, /docs\/rules\.md: current/);
    assert.match(res.stdout, /README\.md: current/);
  });

  it('passes when every generator is there and prints what is committed, and fails naming a stale file', () => {
    stub('dist/scripts/gen-dashboard-types.js', '// types\n');
    assert.equal(run().status, 0);
    stub('dist/scripts/gen-rules-doc.js', '# rules, changed\n');
    const res = run();
    assert.equal(res.status, 1);
    assert.match(res.stderr, /docs\/rules\.md is out of date: run the generator \(npm run docs:rules\)/);
    stub('dist/scripts/gen-rules-doc.js', '# rules\n');
  });

  it('fails naming the files of a generated folder that changed, appeared or are missing', () => {
    assert.equal(run().status, 0);
    assert.match(run().stdout, /libs\/persistence\/src\/queries: current/);
    folderStub('dist/scripts/gen-sql.js', { 'hosts.repository.sql': '-- hosts, changed\n', 'tokens.repository.sql': '-- tokens\n' });
    committed('libs/persistence/src/queries/old.repository.sql', '-- gone\n');
    const res = run();
    assert.equal(res.status, 1);
    assert.match(
      res.stderr,
      /libs\/persistence\/src\/queries is out of date \(hosts\.repository\.sql, old\.repository\.sql, tokens\.repository\.sql\): run the generator \(npm run sql\)/,
    );
    fs.rmSync(path.join(dir, 'dist/scripts/gen-sql.js'));
    assert.match(run().stderr, /libs\/persistence\/src\/queries: its generator dist\/scripts\/gen-sql\.js is missing/);
  });
});
