// Reads a V8 .cpuprofile (node --cpu-prof) and sums self time per function and per package, so a
// profile can be read as "ms of CPU per request" without opening DevTools.
import fs from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface SelfTime {
  name: string;
  ms: number;
  msPerRequest: number;
  share: number;
}

export interface ProfileSummary {
  file: string;
  requests: number;
  /** CPU time that was not idle, in ms. */
  busyMs: number;
  busyMsPerRequest: number;
  byStage: SelfTime[];
  topFunctions: SelfTime[];
  byPackage: SelfTime[];
}

/** Where a function lives: a package under node_modules, node's own code, the app, or V8 (GC, program, idle). */
export function packageOf(url: string, functionName: string): string {
  if (!url) return `(${functionName || 'anonymous'})`;
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 'node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  if (url.startsWith('node:')) return url;
  const libs = /\/(libs\/[^/]+|apps\/[^/]+)\/src\/(.*)$/.exec(url);
  if (libs) return `${libs[1]}/${libs[2].split('/')[0]}`;
  return url.replace(/^.*\/dist\//, '');
}

/**
 * Coarse stages of a request, by package (or V8 builtin) name. Socket writes (writev, writeBuffer,
 * writeUtf8String) are shared by the HTTP answer, PostgreSQL and Redis: they get a stage of their own.
 */
const STAGES: [string, RegExp][] = [
  ['garbage collection', /^\(\(garbage collector\)\)$/],
  ['socket writes (HTTP, pg, Redis)', /^\((writev|writeBuffer|writeUtf8String|writeLatin1String|writeAsciiString)\)$/],
  ['logging (pino, pino-http, stdout)', /^(pino|pino-http|sonic-boom|pino-std-serializers|nestjs-pino|@pinojs\/redact|\(writeString\)|\(writeBuffers\))$/],
  [
    'framework (Nest, Express, router, rxjs, helmet)',
    /^(@nestjs\/.*|express|router|rxjs|helmet|reflect-metadata|type-is|mime-types|content-type|finalhandler|path-to-regexp|node:internal\/async_hooks|node:async_hooks|parseurl|apps\/api\/http-security\.js|apps\/api\/dashboard-static\.js|apps\/api\/logger-options\.js|serve-static|send|on-finished)$/,
  ],
  ['auth (token check, rate limits)', /^(apps\/api\/auth|rate-limiter-flexible)$/],
  [
    'body: read, inflate, parse, tree check',
    /^(apps\/api\/common|node:zlib|libs\/contracts\/json-tree\.js|node:buffer|node:internal\/streams\/.*|node:string_decoder)$/,
  ],
  ['validation (ajv, validateReport)', /^(ajv|ajv-formats|libs\/contracts\/report|\(validate\d+\)|class-validator|class-transformer|@sinclair\/typebox)$/],
  ['report service (fingerprint, hashes, batcher)', /^(apps\/api\/reports|node:internal\/crypto\/.*|libs\/contracts\/.*)$/],
  ['PostgreSQL client (pg, repositories)', /^(pg|pg-protocol|pg-pool|pg-types|postgres-.*|libs\/persistence\/.*|typeorm)$/],
  ['queue (BullMQ, ioredis)', /^(bullmq|ioredis|libs\/platform\/.*|redis-parser|@ioredis\/.*|msgpackr|cluster-key-slot|denque|standard-as-callback)$/],
  ['Node HTTP and events', /^(node:_http_.*|node:net|node:events|node:internal\/.*|node:timers|\(runMicrotasks\)|\(\(program\)\))$/],
];

export function stageOf(pkg: string): string {
  return STAGES.find(([, re]) => re.test(pkg))?.[0] ?? 'other';
}

const round = (n: number) => Math.round(n * 1000) / 1000;

/**
 * `window` (µs of the monotonic clock, as `process.hrtime.bigint() / 1000n` reads it in any process on
 * the machine: V8 stamps samples with the same clock) keeps only the samples taken under load, so
 * start-up (module loading, schema compiling) does not count against the requests.
 */
export function summarizeProfile(file: string, requests: number, window?: { fromUs: number; toUs: number }, top = 25): ProfileSummary {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    at += delta;
    if (window && (at < window.fromUs || at > window.toUs)) return;
    self.set(id, (self.get(id) ?? 0) + delta);
  });
  const fns = new Map<string, number>();
  const pkgs = new Map<string, number>();
  const stages = new Map<string, number>();
  let busy = 0;
  for (const [id, us] of self) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    if (functionName === '(idle)') continue;
    busy += us;
    const short = url ? `${url.replace(/^.*\/(node_modules|dist)\//, '')}:${lineNumber + 1}` : '';
    const key = `${functionName || '(anonymous)'} ${short}`.trim();
    fns.set(key, (fns.get(key) ?? 0) + us);
    const pkg = packageOf(url, functionName);
    pkgs.set(pkg, (pkgs.get(pkg) ?? 0) + us);
    stages.set(stageOf(pkg), (stages.get(stageOf(pkg)) ?? 0) + us);
  }
  const rank = (m: Map<string, number>, n: number): SelfTime[] =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([name, us]) => ({ name, ms: round(us / 1000), msPerRequest: round(us / 1000 / requests), share: round(us / busy) }));
  return {
    file,
    requests,
    busyMs: round(busy / 1000),
    busyMsPerRequest: round(busy / 1000 / requests),
    byStage: rank(stages, STAGES.length + 1),
    topFunctions: rank(fns, top),
    byPackage: rank(pkgs, top),
  };
}

export function printSummary(s: ProfileSummary, log: (line: string) => void): void {
  log(`  ${s.requests} requests, ${s.busyMs.toFixed(0)} ms CPU busy = ${s.busyMsPerRequest.toFixed(3)} ms/request`);
  log('  self time by stage:');
  for (const p of s.byStage) log(`    ${p.msPerRequest.toFixed(3)} ms/req  ${(p.share * 100).toFixed(1).padStart(5)}%  ${p.name}`);
  log('  self time by package:');
  for (const p of s.byPackage.slice(0, 15)) log(`    ${p.msPerRequest.toFixed(3)} ms/req  ${(p.share * 100).toFixed(1).padStart(5)}%  ${p.name}`);
  log('  top self-time functions:');
  for (const f of s.topFunctions.slice(0, 20)) log(`    ${f.msPerRequest.toFixed(3)} ms/req  ${(f.share * 100).toFixed(1).padStart(5)}%  ${f.name}`);
}
