import { collectHost } from '../collectors/host.collector';
import { HostFs } from '../collectors/host-fs';
import { configPath, readConfig, writeConfig } from '../cli/agent-config';
import { option, parseArgs, parseLabels, rejectUnknown, UsageError } from '../cli/args';
import type { Io } from '../cli/io';
import { request } from '../net/http-client';

export const ENROLL_HELP = `Usage: memfleet-agent enroll --server URL --enroll-secret S [--label k=v …] [options]

Exchanges the deployment's enroll secret for this host's agent token and stores it (mode 0600).

Options:
  --server URL           memfleet server (or MEMFLEET_SERVER).
  --enroll-secret S      The enroll secret (or MEMFLEET_ENROLL_SECRET).
  --label k=v            Host label (repeatable).
  --config FILE          Where to store server and token (default /etc/memfleet/agent.json, or MEMFLEET_CONFIG).
  --ca-file FILE         PEM CA bundle that signs the server's certificate. HTTPS_PROXY is honoured.
  --root DIR             Read machine-id and hostname under DIR.
  -h, --help             Show this help.
`;

export async function enrollCommand(argv: readonly string[], io: Io, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const args = parseArgs(argv, ['server', 'enroll-secret', 'label', 'config', 'ca-file', 'root']);
  if (args.flags.has('help')) {
    io.out(ENROLL_HELP);
    return 0;
  }
  rejectUnknown(args, ['server', 'enroll-secret', 'label', 'config', 'ca-file', 'root', 'help']);
  const server = option(args, 'server') ?? env.MEMFLEET_SERVER;
  const secret = option(args, 'enroll-secret') ?? env.MEMFLEET_ENROLL_SECRET;
  if (!server) throw new UsageError('--server URL (or MEMFLEET_SERVER) is required');
  if (!secret) throw new UsageError('--enroll-secret (or MEMFLEET_ENROLL_SECRET) is required');
  const labels = parseLabels(args.options.get('label') ?? []);
  const host = collectHost(new HostFs(option(args, 'root') ?? '/'));
  if (!host.machineId) {
    io.err('memfleet-agent enroll: /etc/machine-id is missing; cannot identify this host\n');
    return 1;
  }
  const caFile = option(args, 'ca-file');
  const body = Buffer.from(JSON.stringify({ enrollSecret: secret, machineId: host.machineId, dmiProductUuid: host.dmiProductUuid, hostname: host.hostname, labels }));
  const res = await request(`${server.replace(/\/+$/, '')}/api/v1/agents/enroll`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body, caFile, env });
  if (res.status !== 201 && res.status !== 200) {
    io.err(`memfleet-agent enroll: server answered ${res.status}: ${problemText(res.body)}\n`);
    return res.status === 401 || res.status === 403 ? 3 : 1;
  }
  const answer = JSON.parse(res.body) as { hostId: string; agentToken: string };
  const file = configPath(option(args, 'config'), env);
  writeConfig(file, { ...readConfig(file), server, agentToken: answer.agentToken, hostId: answer.hostId, labels, ...(caFile ? { caFile } : {}) });
  io.out(`enrolled host ${answer.hostId}; token stored in ${file}\n`);
  return 0;
}

/** A problem+json body as one line. */
export function problemText(body: string): string {
  try {
    const p = JSON.parse(body) as { title?: string; detail?: string; errors?: Array<{ path: string; reason: string }> };
    return [p.title, p.detail, ...(p.errors ?? []).slice(0, 5).map((e) => `${e.path} ${e.reason}`)].filter(Boolean).join(': ');
  } catch {
    return body.slice(0, 300);
  }
}
