// npm run bench:rules — the in-memory path a worker runs per report (typed facts built from the parsed
// report, every rule evaluated with the host's earlier samples, remediations rendered) over 100,000 generated
// reports, against the cost of JSON.parse of the same reports in the same run. Single-threaded, so figures
// are per core.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Report } from '@memfleet/contracts';
import { catalogue, catalogueRevision, evaluateReport, type HistorySample } from '@memfleet/rules';
import { generateReport } from '../libs/rules/src/testing/generate-reports';

const TOTAL = Number(process.env.BENCH_REPORTS ?? 100_000);
const CHUNK = 1_000;
// What the worker hands history-aware rules: one earlier sample per half-hour of the last 6 h.
const HISTORY = Number(process.env.BENCH_HISTORY ?? 12);
const SEQUENCE = HISTORY + 1;
const log = (s: string) => console.log(`[bench:rules] ${s}`);

function repoRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json'))) dir = path.dirname(dir);
  return dir;
}

/** The host's earlier samples, oldest first, as the worker loads them (metrics only). */
function historyOf(i: number): HistorySample[] {
  const out: HistorySample[] = [];
  for (let seq = SEQUENCE - HISTORY; seq < SEQUENCE; seq++) {
    const r = generateReport(i, { sequence: seq });
    out.push({ sequence: seq, collectedAt: r.collectedAt, cpuOnline: r.configuration.cpu.online ?? null, metrics: r.metrics });
  }
  return out;
}

let parseNs = 0n;
let evaluateNs = 0n;
let bareNs = 0n;
let results = 0;
let hits = 0;
let bytes = 0;
log(`${TOTAL.toLocaleString('en-US')} reports, ${catalogue.length} rules (catalogue ${catalogueRevision})`);
for (let start = 0; start < TOTAL; start += CHUNK) {
  // Generate and serialise outside the timed sections; memory stays bounded to one chunk.
  const texts: string[] = [];
  const histories: HistorySample[][] = [];
  for (let i = start; i < Math.min(TOTAL, start + CHUNK); i++) {
    texts.push(JSON.stringify(generateReport(i, { sequence: SEQUENCE })));
    histories.push(historyOf(i));
  }
  for (const t of texts) bytes += t.length;
  const t0 = process.hrtime.bigint();
  const parsed: Report[] = texts.map((t) => JSON.parse(t) as Report);
  const t1 = process.hrtime.bigint();
  for (let k = 0; k < parsed.length; k++) {
    const out = evaluateReport(parsed[k], { history: histories[k] });
    results += out.length;
    for (const x of out) if (x.outcome === 'hit') hits++;
  }
  const t2 = process.hrtime.bigint();
  // The same reports parsed afresh (so no string hash is warm) and evaluated without history: what the
  // worker does for a host's first report.
  const again: Report[] = texts.map((t) => JSON.parse(t) as Report);
  const t3 = process.hrtime.bigint();
  for (const r of again) evaluateReport(r);
  const t4 = process.hrtime.bigint();
  parseNs += t1 - t0;
  evaluateNs += t2 - t1;
  bareNs += t4 - t3;
  // Progress on one line in a terminal, one line per chunk in a log.
  process.stdout.write(
    `[bench:rules] ${Math.min(TOTAL, start + CHUNK).toLocaleString('en-US')}/${TOTAL.toLocaleString('en-US')}${process.stdout.isTTY ? '\r' : '\n'}`,
  );
}
const parseSeconds = Number(parseNs) / 1e9;
const evaluateSeconds = Number(evaluateNs) / 1e9;
const bareSeconds = Number(bareNs) / 1e9;
const summary = {
  measuredAt: new Date().toISOString(),
  machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version },
  reports: TOTAL,
  historySamplesPerReport: HISTORY,
  rules: catalogue.length,
  averageReportBytes: Math.round(bytes / TOTAL),
  resultsPerReport: Number((results / TOTAL).toFixed(2)),
  hitsPerReport: Number((hits / TOTAL).toFixed(3)),
  jsonParse: { seconds: parseSeconds, reportsPerSecond: TOTAL / parseSeconds },
  evaluate: { seconds: evaluateSeconds, reportsPerSecond: TOTAL / evaluateSeconds },
  ratioEvaluateToParse: evaluateSeconds / parseSeconds,
  evaluateWithoutHistory: { seconds: bareSeconds, reportsPerSecond: TOTAL / bareSeconds },
  ratioWithoutHistoryToParse: bareSeconds / parseSeconds,
};
log(`JSON.parse: ${summary.jsonParse.reportsPerSecond.toFixed(0)} reports/s per core (${(bytes / TOTAL / 1024).toFixed(1)} KiB average)`);
log(
  `evaluate (facts + ${catalogue.length} rules with ${HISTORY} history samples + remediations): ${summary.evaluate.reportsPerSecond.toFixed(0)} reports/s per core, ${summary.resultsPerReport} results per report`,
);
log(`ratio evaluate / parse: ${summary.ratioEvaluateToParse.toFixed(2)} (target ≤ 1.0)`);
log(
  `without history (a host's first report): ${summary.evaluateWithoutHistory.reportsPerSecond.toFixed(0)} reports/s per core, ratio ${summary.ratioWithoutHistoryToParse.toFixed(2)}`,
);
const out = path.join(repoRoot(), 'bench/results/rules.json');
fs.writeFileSync(out, `${JSON.stringify(summary, null, 2)}\n`);
log(`wrote ${path.relative(repoRoot(), out)}`);
