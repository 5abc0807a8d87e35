import { collectHost } from '../collectors/host.collector';
import { HostFs } from '../collectors/host-fs';
import { configPath, readConfig, writeConfig } from '../config/agent-config';
import { request } from '../net/http-client';
import { problemText } from '../net/problem-text';
import type { Io } from '../output/io';
import type { EnrollCommandOptions } from './command-options';
import { UsageError } from './usage-error';

/** Host id of a 409 host-already-enrolled answer, if it names one. */
function hostIdOf(body: string): string | null {
  try {
    const id = (JSON.parse(body) as { hostId?: unknown }).hostId;
    return typeof id === 'string' ? id : null;
  } catch {
    return null;
  }
}

/**
 * What an operator reads when this machine is already a host, typically after its config file or state was
 * wiped: the server keeps the host's token bound to it, and only an admin can let it enroll again.
 */
function alreadyEnrolled(body: string, machineId: string, server: string, file: string): string {
  const hostId = hostIdOf(body) ?? '<host id>';
  return (
    `memfleet-agent enroll: this machine (machine-id ${machineId}) is already enrolled as host ${hostId}; the server changed nothing.\n` +
    `  If ${file} still holds its token, no enroll is needed: run "memfleet-agent run".\n` +
    `  Otherwise ask an admin to allow one re-enroll (it revokes the host's old tokens):\n` +
    `    curl -X POST -H "Authorization: Bearer $ADMIN_TOKEN" ${server.replace(/\/+$/, '')}/api/v1/hosts/${hostId}/re-enroll-grant\n` +
    `  then run this enroll again before the grant expires (default one hour). An admin may also delete the host instead.\n`
  );
}

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
  if (res.status === 409) {
    io.err(alreadyEnrolled(res.body, host.machineId, server, configPath(opts.config, env)));
    return 1;
  }
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
