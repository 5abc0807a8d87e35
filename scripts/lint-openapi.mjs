// Lints the committed openapi.json with Redocly's recommended rules (redocly.yaml): any error or warning
// fails, so a client generator for any language can read the document.
import { spawnSync } from 'node:child_process';

const res = spawnSync('npx', ['redocly', 'lint', 'openapi.json', '--format=json', '--max-problems=1000'], {
  encoding: 'utf8',
  maxBuffer: 64 * 1024 * 1024,
  env: { ...process.env, REDOCLY_TELEMETRY: 'off' },
});
let report;
try {
  report = JSON.parse(res.stdout);
} catch {
  console.error(`redocly lint did not run (exit ${res.status}):\n${res.stdout}${res.stderr}`);
  process.exit(1);
}
const { errors, warnings, ignored } = report.totals;
for (const p of report.problems) console.error(`${p.severity} ${p.ruleId} ${p.location.map((l) => l.pointer).join(' ')}: ${p.message}`);
console.log(`openapi.json: ${errors} errors, ${warnings} warnings (${ignored} ignored, see .redocly.lint-ignore.yaml)`);
process.exit(errors || warnings ? 1 : 0);
