// npm test: type-check and compile, lint, check generated files are current, then run every spec.
import { spawnSync } from 'node:child_process';

const steps = [
  ['build (type-check)', 'node', ['scripts/build.mjs']],
  ['lint', 'npx', ['eslint', '--max-warnings', '0', '.']],
  ['generated files are current', 'node', ['scripts/check-generated.mjs']],
  ['tests', 'node', ['scripts/run-tests.mjs', ...process.argv.slice(2)]],
];
for (const [name, cmd, args] of steps) {
  console.log(`\n== ${name}`);
  const res = spawnSync(cmd, args, { stdio: 'inherit' });
  if (res.status !== 0) {
    console.error(`npm test: step "${name}" failed`);
    process.exit(res.status ?? 1);
  }
}
