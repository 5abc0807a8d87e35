import fs from 'node:fs';
import path from 'node:path';
import { writeAtomic } from '../spool/spool';

/** What `enroll` stores; mode 0600 because it holds the host's token. */
export interface AgentConfig {
  server?: string;
  agentToken?: string;
  hostId?: string;
  labels?: Record<string, string>;
  caFile?: string;
}

export const DEFAULT_CONFIG_PATH = '/etc/memfleet/agent.json';
export const DEFAULT_STATE_DIR = '/var/lib/memfleet-agent';

export function configPath(explicit: string | undefined, env: NodeJS.ProcessEnv): string {
  return explicit ?? env.MEMFLEET_CONFIG ?? DEFAULT_CONFIG_PATH;
}

export function stateDir(explicit: string | undefined, env: NodeJS.ProcessEnv): string {
  return explicit ?? env.MEMFLEET_STATE_DIR ?? DEFAULT_STATE_DIR;
}

export function readConfig(file: string): AgentConfig {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as AgentConfig;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new Error(`cannot read ${file}: ${(err as Error).message}`);
  }
}

export function writeConfig(file: string, config: AgentConfig): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  writeAtomic(file, `${JSON.stringify(config, null, 2)}\n`, 0o600);
  fs.chmodSync(file, 0o600);
}
