// memfleet-agent collect on a generated 2,000-process host tree: wall time, peak RSS and report size.
// Targets: < 1 s, < 150 MB RSS, < 64 KB gzip; also the bytes on the wire per report, unchanged vs changed
// configuration. Writes bench/results/agent.json.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { writeFixture, writeProcess, mapsFor, LIBC, type FixtureProcess } from '../apps/agent/src/testing/fixture-tree';
import { SCENARIOS } from '../apps/agent/src/testing/fixture-scenarios';
import { repoRoot } from '../apps/agent/src/testing/fixture-paths';
import { toReportV3, type Report } from '@memfleet/contracts';

const PROCESSES = 2000;
const RUNS = 5;
const root = repoRoot();
const bundle = path.join(root, 'dist/agent/memfleet-agent.js');
if (!fs.existsSync(bundle)) throw new Error('bundle missing: npm run build:agent');

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'memfleet-agent-bench-'));
const tree = path.join(tmp, 'host');
// the envoy host (runtimes, config, a crashed unit) plus 2,000 ordinary processes
writeFixture(tree, SCENARIOS['envoy-wasm-explosion']);
for (let i = 0; i < PROCESSES; i++) {
  const pid = 10_000 + i;
  const p: FixtureProcess = {
    pid,
    comm: `svc-${i}`,
    exe: `/opt/svc/bin/svc-${i % 50}`,
    argv: [`/opt/svc/bin/svc-${i % 50}`, '--port', String(20_000 + i), `--db-password=p${i}`],
    env: { PATH: '/usr/bin', MALLOC_ARENA_MAX: '2' },
    rssKb: 1000 + ((i * 7919) % 500_000),
    startTicks: 1000 + i,
    maps: mapsFor(`/opt/svc/bin/svc-${i % 50}`, [LIBC], i % 5),
  };
  // every 100th is a recognised runtime so detection and per-runtime reads are exercised
  if (i % 100 === 0) Object.assign(p, { comm: 'redis-server', exe: '/usr/bin/redis-server', argv: [`/usr/bin/redis-server *:${7000 + i}`] });
  writeProcess(tree, p);
}
// the preload records the child's own peak RSS as it exits
const preload = path.join(tmp, 'peak.js');
fs.writeFileSync(
  preload,
  `process.on('exit', () => { require('fs').writeFileSync(${JSON.stringify(path.join(tmp, 'peak.json'))}, JSON.stringify({ maxRssKb: process.resourceUsage().maxRSS })); });\n`,
);

const times: number[] = [];
const peaks: number[] = [];
let output = '';
for (let run = 0; run < RUNS; run++) {
  const started = process.hrtime.bigint();
  const res = spawnSync(process.execPath, ['-r', preload, bundle, 'collect', '--root', tree, '--no-network-probes'], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  times.push(Number(process.hrtime.bigint() - started) / 1e6);
  if (res.status !== 0) throw new Error(`collect failed: ${res.stderr}`);
  output = res.stdout;
  peaks.push((JSON.parse(fs.readFileSync(path.join(tmp, 'peak.json'), 'utf8')) as { maxRssKb: number }).maxRssKb / 1024);
}
const report = JSON.parse(output) as Report;
const gz = zlib.gzipSync(output).length;
// Bytes on the wire per report, gzip as the agent spools and sends them (run.command: gzipSync of the
// JSON, schema version 3): a changed configuration sends the whole report, an unchanged one metrics only.
const wire = {
  changed: zlib.gzipSync(JSON.stringify(toReportV3(report, true))).length,
  unchanged: zlib.gzipSync(JSON.stringify(toReportV3(report, false))).length,
};
times.sort((a, b) => a - b);
const result = {
  benchmark: 'agent collect',
  when: new Date().toISOString(),
  node: process.version,
  cpus: os.cpus().length,
  processesInTree: PROCESSES + 2,
  processesReported: report.configuration.processes.length,
  runs: RUNS,
  wallMs: { median: Math.round(times[Math.floor(RUNS / 2)]), max: Math.round(times[RUNS - 1]) },
  peakRssMb: Math.round(Math.max(...peaks)),
  reportBytes: Buffer.byteLength(output),
  reportGzipBytes: gz,
  /** gzip bytes on the wire per report: unchanged configuration (metrics only) vs changed (whole report). */
  wireBytesPerReport: { ...wire, unchangedShareOfChanged: Math.round((wire.unchanged / wire.changed) * 1000) / 1000 },
  targets: { wallMs: 1000, peakRssMb: 150, reportGzipBytes: 64 * 1024 },
  pass: times[Math.floor(RUNS / 2)] < 1000 && Math.max(...peaks) < 150 && gz < 64 * 1024,
};
fs.mkdirSync(path.join(root, 'bench/results'), { recursive: true });
fs.writeFileSync(path.join(root, 'bench/results/agent.json'), `${JSON.stringify(result, null, 2)}\n`);
fs.rmSync(tmp, { recursive: true, force: true });
console.log(JSON.stringify(result, null, 2));
console.log(`bytes on the wire per report (gzip): unchanged configuration ${wire.unchanged} B, changed ${wire.changed} B`);
if (!result.pass) process.exitCode = 1;
