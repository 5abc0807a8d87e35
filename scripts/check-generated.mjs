// Fails when a generated, committed file differs from what the code generates now.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

const generators = [
  ['openapi.json', 'dist/scripts/gen-openapi.js'],
  ['docs/rules.md', 'dist/scripts/gen-rules-doc.js'],
  // After openapi.json: the dashboard's API types are generated from the committed document.
  ['apps/dashboard/src/api/openapi.gen.ts', 'dist/scripts/gen-dashboard-types.js'],
];
let stale = 0;
for (const [file, script] of generators) {
  if (!fs.existsSync(script)) continue;
  const res = spawnSync('node', [script, '--stdout'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (res.status !== 0) {
    console.error(`${script} failed:\n${res.stderr}`);
    stale++;
    continue;
  }
  const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  if (current !== res.stdout) {
    const command = { 'openapi.json': 'openapi', 'docs/rules.md': 'docs:rules' }[file] ?? 'dashboard:types';
    console.error(`${file} is out of date: run the generator (npm run ${command}) and commit it`);
    stale++;
  } else console.log(`${file}: current`);
}
process.exit(stale ? 1 : 0);
