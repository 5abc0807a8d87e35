// npm test: type-check and compile, lint, formatting, check generated files are current and openapi.json lints clean, build the dashboard and
// the agent bundle, then run every spec (unit, integration, process-level e2e, browser).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

const steps = [
  ['build (type-check)', 'node', ['scripts/build.mjs']],
  ['lint', 'npx', ['eslint', '--max-warnings', '0', '.']],
  ['format (prettier --check; .prettierignore lists generated files, fixtures and bench results)', 'npx', ['prettier', '--check', '--log-level', 'warn', '.']],
  [
    'generated files are current (openapi.json, docs/rules.md, README configuration table, dashboard API types, SQL snapshot)',
    'node',
    ['scripts/check-generated.mjs'],
  ],
  ['openapi.json passes the OpenAPI linter (Redocly, recommended rules)', 'node', ['scripts/lint-openapi.mjs']],
  ['agent bundle (npm run build:agent)', 'npm', ['run', '-s', 'build:agent']],
];
if (fs.existsSync('apps/dashboard/vite.config.ts')) {
  steps.push(['dashboard type-check', 'npx', ['tsc', '-p', 'apps/dashboard/tsconfig.json', '--noEmit']]);
  steps.push(['dashboard build', 'npx', ['vite', 'build', '--config', 'apps/dashboard/vite.config.ts', '--logLevel', 'warn']]);
}
steps.push(['tests', 'node', ['scripts/run-tests.mjs', ...process.argv.slice(2)]]);

const started = Date.now();
for (const [name, cmd, args] of steps) {
  const t0 = Date.now();
  console.log(`\n== ${name}`);
  const res = spawnSync(cmd, args, { stdio: 'inherit' });
  if (res.status !== 0) {
    console.error(`npm test: step "${name}" failed`);
    process.exit(res.status ?? 1);
  }
  console.log(`== ${name}: ok in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}
console.log(`\nnpm test: all steps passed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
