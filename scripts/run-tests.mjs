// Runs every compiled spec under dist/ with node's test runner. Integration specs create their own
// throwaway PostgreSQL database and Redis prefix, so files can run in parallel.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const filters = process.argv.slice(2);
const files = [];
function walk(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules') continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full);
    else if (/\.(spec|e2e-spec|browser-spec)\.js$/.test(entry.name)) files.push(full);
  }
}
for (const top of ['apps', 'libs', 'test', 'migrations']) {
  const dir = path.join(root, 'dist', top);
  if (fs.existsSync(dir)) walk(dir);
}
const selected = files.filter((f) => filters.length === 0 || filters.some((p) => f.includes(p))).sort();
if (selected.length === 0) {
  console.error('run-tests: no spec files found under dist/ (run npm run build first)');
  process.exit(1);
}
console.log(`run-tests: ${selected.length} spec files`);
// A test that hangs fails after 10 minutes, and a file whose tests are done exits even if a handle stays open,
// so one stuck spec cannot hold the whole run until CI's limit.
const GUARDS = ['--test-timeout=600000', '--test-force-exit'];
const res = spawnSync(process.execPath, ['--enable-source-maps', '--test', '--test-concurrency=2', ...GUARDS, '--test-reporter=spec', ...selected], {
  stdio: 'inherit',
  cwd: root,
  env: { ...process.env, NODE_ENV: 'test' },
});
process.exit(res.status ?? 1);
