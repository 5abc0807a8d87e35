import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { request } from './http-client';

describe('agent HTTP client: private CA and HTTPS proxy', () => {
  let dir: string;
  let server: https.Server;
  let proxy: http.Server;
  let serverPort: number;
  let proxyPort: number;
  const tunnelled: string[] = [];
  const listen = (s: net.Server) => new Promise<number>((r) => s.listen(0, '127.0.0.1', () => r((s.address() as net.AddressInfo).port)));

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'memfleet-tls-'));
    // A self-signed certificate stands in for a server signed by a private CA.
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        `${dir}/key.pem`,
        '-out',
        `${dir}/cert.pem`,
        '-days',
        '1',
        '-subj',
        '/CN=localhost',
        '-addext',
        'subjectAltName=DNS:localhost',
      ],
      { stdio: 'ignore' },
    );
    server = https.createServer({ key: fs.readFileSync(`${dir}/key.pem`), cert: fs.readFileSync(`${dir}/cert.pem`) }, (req, res) => {
      res.writeHead(201, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ path: req.url, method: req.method }));
    });
    serverPort = await listen(server);
    // A minimal CONNECT proxy that records what it tunnels.
    proxy = http.createServer((_req, res) => res.writeHead(405).end());
    proxy.on('connect', (req: http.IncomingMessage, client: net.Socket) => {
      tunnelled.push(req.url ?? '');
      const [host, port] = (req.url ?? '').split(':');
      const upstream = net.connect(Number(port), host === 'localhost' ? '127.0.0.1' : host, () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.pipe(client);
        client.pipe(upstream);
      });
      upstream.on('error', () => client.destroy());
    });
    proxyPort = await listen(proxy);
  });

  after(() => {
    server.close();
    proxy.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('trusts a server certificate only with --ca-file', async () => {
    const url = `https://localhost:${serverPort}/api/v1/agents/enroll`;
    await assert.rejects(request(url, { method: 'POST', env: {} }), /self[- ]signed|unable to verify/i);
    const res = await request(url, { method: 'POST', caFile: `${dir}/cert.pem`, env: {} });
    assert.equal(res.status, 201);
    assert.deepEqual(JSON.parse(res.body), { path: '/api/v1/agents/enroll', method: 'POST' });
  });

  it('goes through HTTPS_PROXY with a CONNECT tunnel, and around it for NO_PROXY hosts', async () => {
    const url = `https://localhost:${serverPort}/api/v1/reports?wait=1`;
    const env = { HTTPS_PROXY: `http://127.0.0.1:${proxyPort}` };
    const res = await request(url, { method: 'POST', body: Buffer.from('{}'), caFile: `${dir}/cert.pem`, env });
    assert.equal(res.status, 201);
    assert.deepEqual(tunnelled, [`localhost:${serverPort}`]);
    await request(url, { method: 'POST', caFile: `${dir}/cert.pem`, env: { ...env, NO_PROXY: 'localhost' } });
    assert.equal(tunnelled.length, 1, 'NO_PROXY bypasses the proxy');
  });
});
