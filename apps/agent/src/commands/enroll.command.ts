import { collectHost } from '../collectors/host.collector';
import { HostFs } from '../collectors/host-fs';
import { configPath, readConfig, writeConfig } from '../config/agent-config';
import { request } from '../net/http-client';
import { problemText } from '../net/problem-text';
import type { Io } from '../output/io';
import type { EnrollCommandOptions } from './command-options';
import { UsageError } from './usage-error';

/** Exchanges the enroll secret for this host's agent token and stores it with the server (mode 0600). */
export async function enrollCommand(opts: EnrollCommandOptions, io: Io, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const server = opts.server ?? env.MEMFLEET_SERVER;
  const secret = opts.enrollSecret ?? env.MEMFLEET_ENROLL_SECRET;
  if (!server) throw new UsageError('--server URL (or MEMFLEET_SERVER) is required');
  if (!secret) throw new UsageError('--enroll-secret (or MEMFLEET_ENROLL_SECRET) is required');
  const host = collectHost(new HostFs(opts.root));
  if (!host.machineId) {
    io.err('memfleet-agent enroll: /etc/machine-id is missing; cannot identify this host\n');
    return 1;
  }
  const { labels, caFile } = opts;
  const body = Buffer.from(
    JSON.stringify({ enrollSecret: secret, machineId: host.machineId, dmiProductUuid: host.dmiProductUuid, hostname: host.hostname, labels }),
  );
  const res = await request(`${server.replace(/\/+$/, '')}/api/v1/agents/enroll`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body,
    caFile,
    env,
  });
  if (res.status !== 201 && res.status !== 200) {
    io.err(`memfleet-agent enroll: server answered ${res.status}: ${problemText(res.body)}\n`);
    return res.status === 401 || res.status === 403 ? 3 : 1;
  }
  const answer = JSON.parse(res.body) as { hostId: string; agentToken: string };
  const file = configPath(opts.config, env);
  writeConfig(file, { ...readConfig(file), server, agentToken: answer.agentToken, hostId: answer.hostId, labels, ...(caFile ? { caFile } : {}) });
  io.out(`enrolled host ${answer.hostId}; token stored in ${file}\n`);
  return 0;
}
