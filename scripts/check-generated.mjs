// Fails when a generated, committed file differs from what the code generates now, or when its
// generator is missing (a renamed or uncompiled generator must not pass as "nothing to check").
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

// [committed file, compiled generator, npm script that regenerates it]
const generators = [
  ['openapi.json', 'dist/scripts/gen-openapi.js', 'openapi'],
  ['docs/rules.md', 'dist/scripts/gen-rules-doc.js', 'docs:rules'],
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
process.exit(stale ? 1 : 0);
