// Fails when a generated, committed file differs from what the code generates now, or when its
// generator is missing (a renamed or uncompiled generator must not pass as "nothing to check").
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// [committed file, compiled generator, npm script that regenerates it]
const generators = [
  ['openapi.json', 'dist/scripts/gen-openapi.js', 'openapi'],
  ['docs/rules.md', 'dist/scripts/gen-rules-doc.js', 'docs:rules'],
  // README.md: the configuration table between its markers, from the env schema.
  ['README.md', 'dist/scripts/gen-config-doc.js', 'docs:config'],
  // After openapi.json: the dashboard's API types are generated from the committed document.
  ['apps/dashboard/src/api/openapi.gen.ts', 'dist/scripts/gen-dashboard-types.js', 'dashboard:types'],
];
let stale = 0;
for (const [file, script, command] of generators) {
  if (!fs.existsSync(script)) {
    console.error(`${file}: its generator ${script} is missing (build first: node scripts/build.mjs; or fix this list if it moved)`);
    stale++;
    continue;
  }
  const res = spawnSync('node', [script, '--stdout'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (res.status !== 0) {
    console.error(`${script} failed:\n${res.stderr}`);
    stale++;
    continue;
  }
  const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  if (current !== res.stdout) {
    console.error(`${file} is out of date: run the generator (npm run ${command}) and commit it`);
    stale++;
  } else console.log(`${file}: current`);
}

// Generators that write a folder of files (--out <dir>): every file must match, none may be missing or extra.
const folders = [
  // The SQL snapshot: each repository's statements, run against a throwaway database.
  ['libs/persistence/src/queries', 'dist/scripts/gen-sql.js', 'sql'],
];
for (const [dir, script, command] of folders) {
  if (!fs.existsSync(script)) {
    console.error(`${dir}: its generator ${script} is missing (build first: node scripts/build.mjs; or fix this list if it moved)`);
    stale++;
    continue;
  }
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'memfleet-generated-'));
  try {
    const res = spawnSync('node', [script, '--out', out], { encoding: 'utf8' });
    if (res.status !== 0) {
      console.error(`${script} failed:\n${res.stderr}`);
      stale++;
      continue;
    }
    const names = new Set([...fs.readdirSync(out), ...(fs.existsSync(dir) ? fs.readdirSync(dir) : [])]);
    const differ = [...names].sort().filter((n) => {
      const read = (d) => (fs.existsSync(path.join(d, n)) ? fs.readFileSync(path.join(d, n), 'utf8') : null);
      return read(out) !== read(dir);
    });
    if (differ.length) {
      console.error(`${dir} is out of date (${differ.join(', ')}): run the generator (npm run ${command}) and commit it`);
      stale++;
    } else console.log(`${dir}: current`);
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}
process.exit(stale ? 1 : 0);
