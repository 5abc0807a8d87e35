/* global require, process, console, __filename, Buffer */
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS script run outside the build, from a scratch directory */
// Framework probe: CPU per request of the same report handler (security headers, bearer check before the
// body, gunzip + JSON.parse, 202 JSON) on a raw node:http route, Nest on Express and Nest on Fastify, so
// the choice of HTTP layer rests on a measurement. Not part of the build (Fastify is not a dependency):
//   mkdir /tmp/fprobe && cd /tmp/fprobe && npm init -y && npm i @nestjs/core@11 @nestjs/common@11 \
//     @nestjs/platform-express@11 @nestjs/platform-fastify@11 @fastify/helmet helmet reflect-metadata rxjs
//   cp <repo>/bench/framework-probe.cjs . && MEMFLEET_REPO=<repo> N=4000 node framework-probe.cjs drive
// (after `node scripts/build.mjs` in the repo: the bodies come from dist/bench/lib/ingest-reports.js).
require('reflect-metadata');
const http = require('node:http');
const zlib = require('node:zlib');
const { spawn } = require('node:child_process');
const mode = process.argv[2];

const authOk = (h) => typeof h === 'string' && h.startsWith('Bearer ');
const answer = (body) => ({ reportId: '00000000-0000-0000-0000-000000000000', status: 'queued', configurationChanged: false, n: body.sequence });
const parseBody = (buf, enc) => JSON.parse((enc === 'gzip' ? zlib.gunzipSync(buf) : buf).toString('utf8'));
function readBody(req, cb) {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => cb(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)));
}
const cpuRoute = (res) => {
  const u = process.cpuUsage();
  res.end(JSON.stringify(u));
};
const listen = (server) => server.listen(0, '127.0.0.1', () => console.log(`listening ${server.address().port}`));

async function serve() {
  if (mode === 'raw') {
    const helmet = require('helmet')();
    listen(
      http.createServer((req, res) => {
        if (req.url === '/cpu') return cpuRoute(res);
        helmet(req, res, () => {
          if (!authOk(req.headers.authorization)) {
            res.statusCode = 401;
            return res.end();
          }
          readBody(req, (buf) => {
            const out = JSON.stringify(answer(parseBody(buf, req.headers['content-encoding'])));
            res.writeHead(202, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(out) });
            res.end(out);
          });
        });
      }),
    );
    return;
  }
  const { Controller, Post, Get, HttpCode, Body, Module, UseGuards, Injectable } = require('@nestjs/common');
  const { NestFactory } = require('@nestjs/core');
  class Guard {
    canActivate(ctx) {
      return authOk(ctx.switchToHttp().getRequest().headers.authorization);
    }
  }
  Injectable()(Guard);
  class Ctl {
    create(body) {
      return answer(body);
    }
    cpu() {
      return process.cpuUsage();
    }
  }
  const proto = Ctl.prototype;
  Reflect.decorate([Post(), HttpCode(202), UseGuards(Guard)], proto, 'create', Object.getOwnPropertyDescriptor(proto, 'create'));
  Body()(proto, 'create', 0);
  Reflect.defineMetadata('design:paramtypes', [Object], proto, 'create');
  Reflect.decorate([Get('cpu')], proto, 'cpu', Object.getOwnPropertyDescriptor(proto, 'cpu'));
  Controller('api/v1/reports')(Ctl);
  class AppModule {}
  Module({ controllers: [Ctl], providers: [Guard] })(AppModule);
  if (mode === 'nest-express') {
    const app = await NestFactory.create(AppModule, { bodyParser: false, logger: false });
    app.use(require('helmet')());
    app.use((req, res, next) => {
      if (req.method !== 'POST') return next();
      if (!authOk(req.headers.authorization)) {
        res.statusCode = 401;
        return res.end();
      }
      readBody(req, (buf) => {
        req.body = parseBody(buf, req.headers['content-encoding']);
        next();
      });
    });
    await app.listen(0, '127.0.0.1');
    console.log(`listening ${app.getHttpServer().address().port}`);
  } else if (mode === 'nest-fastify') {
    const { FastifyAdapter } = require('@nestjs/platform-fastify');
    const adapter = new FastifyAdapter({ bodyLimit: 16 * 1024 * 1024 });
    const app = await NestFactory.create(AppModule, adapter, { bodyParser: false, logger: false });
    await app.register(require('@fastify/helmet'));
    const f = app.getHttpAdapter().getInstance();
    // auth before the body: onRequest runs before content parsing
    f.addHook('onRequest', (req, reply, done) => (req.method === 'POST' && !authOk(req.headers.authorization) ? reply.code(401).send() : done()));
    f.addContentTypeParser('application/json', { parseAs: 'buffer' }, (req, buf, done) => {
      try {
        done(null, parseBody(buf, req.headers['content-encoding']));
      } catch (e) {
        done(e);
      }
    });
    await app.listen(0, '127.0.0.1');
    console.log(`listening ${app.getHttpServer().address().port}`);
  } else throw new Error(`mode ${mode}`);
}

async function drive() {
  const { hostReport, reportBody } = require(require('path').join(process.env.MEMFLEET_REPO ?? '.', 'dist/bench/lib/ingest-reports.js'));
  const N = Number(process.env.N ?? 4000);
  for (const [kind, processes] of [
    ['small', 5],
    ['full', 50],
  ]) {
    const bodies = Array.from({ length: 200 }, (_, h) => reportBody(hostReport(h, 5, 0, processes), 'full'));
    console.log(`${kind} bodies: ${bodies[0].length} B gzip`);
    await driveBodies(bodies, N);
  }
}

async function driveBodies(bodies, N) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const out = {};
  for (const m of ['raw', 'nest-express', 'nest-fastify', 'raw', 'nest-express', 'nest-fastify']) {
    const child = spawn(process.execPath, [__filename, m], { stdio: ['ignore', 'pipe', 'inherit'] });
    const port = await new Promise((r) =>
      child.stdout.on('data', (d) => {
        const x = /listening (\d+)/.exec(String(d));
        if (x) r(Number(x[1]));
      }),
    );
    const req = (path, body) =>
      new Promise((resolve, reject) => {
        const r = http.request(
          {
            host: '127.0.0.1',
            port,
            path,
            method: body ? 'POST' : 'GET',
            agent,
            headers: body ? { authorization: 'Bearer x', 'content-type': 'application/json', 'content-encoding': 'gzip', 'content-length': body.length } : {},
          },
          (res) => {
            const c = [];
            res.on('data', (d) => c.push(d));
            res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(c).toString() }));
          },
        );
        r.on('error', reject);
        r.end(body);
      });
    const run = async (n) => {
      let i = 0;
      let bad = 0;
      await Promise.all(
        Array.from({ length: 32 }, async () => {
          while (i < n) {
            const k = i++;
            const r = await req('/api/v1/reports', bodies[k % bodies.length]);
            if (r.status !== 202) bad++;
          }
        }),
      );
      return bad;
    };
    await run(1500); // warm-up
    const cpu0 = JSON.parse((await req(m === 'raw' ? '/cpu' : '/api/v1/reports/cpu')).body);
    const t0 = Date.now();
    const bad = await run(N);
    const wall = Date.now() - t0;
    const cpu1 = JSON.parse((await req(m === 'raw' ? '/cpu' : '/api/v1/reports/cpu')).body);
    const ms = (cpu1.user + cpu1.system - cpu0.user - cpu0.system) / 1000 / N;
    (out[m] ??= []).push(Math.round(ms * 1000) / 1000);
    console.log(`${m}: ${ms.toFixed(3)} ms CPU/request, ${((N / wall) * 1000).toFixed(0)}/s, non-202 ${bad}`);
    child.kill();
  }
  console.log(JSON.stringify(out));
}

(mode === 'drive' ? drive() : serve()).catch((e) => {
  console.error(e);
  process.exit(1);
});
