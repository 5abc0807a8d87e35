// npm run bench:trace — generates a 3,000,000-event Lua-like trace (many VMs, table-doubling sizes, long- and
// short-lived objects), then in fresh child processes: reading + parsing it alone (the floor), all six model runs
// together (the target: < 5 s, < 500 MB RSS), and each run alone; three rounds. JSON to bench/results/trace.json.
// Usage: npm run bench:trace [-- --events N --rounds R]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { analyzeTrace, MODEL_KEYS, openTraceFile, parseTraceOnly, type ModelKey } from '@memfleet/trace-lab';
import { writeLuaLikeTrace } from './lib/trace-generator';

const log = (s: string) => console.log(`[bench:trace] ${s}`);

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

/** Peak resident set of this process (VmHWM), MiB. */
function peakRssMiB(): number {
  const kb = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync('/proc/self/status', 'utf8'))?.[1];
  return kb ? Math.round(Number(kb) / 1024) : NaN;
}

interface Measurement {
  what: string;
  seconds: number;
  events: number;
  eventsPerSecond: number;
  peakRssMiB: number;
  models?: Array<{ name: string; pools: string; peakFootprintBytes: number; footprintToLiveRatio: number }>;
}

/** Child mode: one measurement of `what` (floor | all | a model key) on `file`, printed as JSON. */
async function child(what: string, file: string): Promise<void> {
  const t0 = process.hrtime.bigint();
  let events: number;
  let models: Measurement['models'];
  if (what === 'floor') {
    events = (await parseTraceOnly(openTraceFile(file))).events;
  } else {
    const keys = what === 'all' ? MODEL_KEYS : [what as ModelKey];
    const a = await analyzeTrace(openTraceFile(file), { models: keys });
    events = a.events;
    models = a.models.map((m) => ({ name: m.name, pools: m.pools, peakFootprintBytes: m.peakFootprintBytes, footprintToLiveRatio: m.footprintToLiveRatio }));
  }
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const m: Measurement = { what, seconds, events, eventsPerSecond: Math.round(events / seconds), peakRssMiB: peakRssMiB(), models };
  process.stdout.write(JSON.stringify(m));
}

function measure(what: string, file: string): Measurement {
  const r = spawnSync(process.execPath, [__filename, '--child', what, file], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`child ${what} failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as Measurement;
}

async function main(): Promise<void> {
  const ci = process.argv.indexOf('--child');
  if (ci >= 0) return child(process.argv[ci + 1], process.argv[ci + 2]);
  const events = arg('--events', 3_000_000);
  const rounds = arg('--rounds', 3);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'memfleet-trace-bench-'));
  const file = path.join(dir, 'lua-like.trace');
  try {
    const g0 = Date.now();
    const bytes = await writeLuaLikeTrace(file, events);
    log(`generated ${events.toLocaleString('en-US')} events, ${(bytes / 1048576).toFixed(1)} MiB, in ${((Date.now() - g0) / 1000).toFixed(1)} s`);
    const runs = [];
    for (let round = 1; round <= rounds; round++) {
      const floor = measure('floor', file);
      const all = measure('all', file);
      const perModel = MODEL_KEYS.map((k) => measure(k, file));
      const ratio = (m: Measurement) => Math.round((m.seconds / floor.seconds) * 100) / 100;
      log(
        `round ${round}: floor (read + parse) ${floor.seconds.toFixed(2)} s, ${floor.eventsPerSecond.toLocaleString('en-US')} events/s, RSS ${floor.peakRssMiB} MiB`,
      );
      log(
        `round ${round}: all six runs ${all.seconds.toFixed(2)} s (${ratio(all)}× floor), ${all.eventsPerSecond.toLocaleString('en-US')} events/s, RSS ${all.peakRssMiB} MiB — target < 5 s, < 500 MB: ${all.seconds < 5 && all.peakRssMiB * 1.048576 < 500 ? 'met' : 'NOT met'}`,
      );
      for (const m of perModel) {
        log(
          `  ${m.what.padEnd(24)} ${m.seconds.toFixed(2)} s  ${m.eventsPerSecond.toLocaleString('en-US').padStart(11)} events/s  ${ratio(m).toFixed(2)}× floor  RSS ${m.peakRssMiB} MiB`,
        );
      }
      runs.push({
        round,
        floor,
        all: { ...all, ratioToFloor: ratio(all) },
        models: perModel.map((m) => ({ ...m, ratioToFloor: ratio(m) })),
      });
    }
    const result = {
      bench: 'trace',
      events,
      traceBytes: bytes,
      machine: { cpus: os.cpus().length, node: process.version },
      at: new Date().toISOString(),
      runs,
    };
    fs.mkdirSync(path.join(__dirname, '../../bench/results'), { recursive: true });
    const outFile = path.join(__dirname, '../../bench/results/trace.json');
    fs.writeFileSync(outFile, JSON.stringify(result, null, 2) + '\n');
    log(`wrote ${path.relative(process.cwd(), outFile)}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
