import { MAX_REPORT_PROCESSES, REPORT_INTERVAL_SECONDS } from '@memfleet/contracts/report/limits';

/** Options of every command that collects a report (collect, check, run), as the CLI hands them over. */
export interface CollectFlags {
  /** Host root to read paths under ("/" on the host, e.g. /host in a container). */
  root: string;
  /** Largest processes by RSS to include besides recognised runtimes. */
  top: number;
  labels: Record<string, string>;
  /** Query Redis INFO / Envoy admin /stats on loopback; absent: only when root is / (another root is not this machine). */
  networkProbes?: boolean;
}

export const COLLECT_DEFAULTS: CollectFlags = { root: '/', top: 50, labels: {}, networkProbes: true };

export interface CollectCommandOptions extends CollectFlags {
  pretty: boolean;
}

export interface CheckCommandOptions extends CollectFlags {
  json: boolean;
  /** Else MEMFLEET_CONFIG, else /etc/memfleet/agent.json: where the enrolled server and token are. */
  config?: string;
  /** Do not ask the server for the thresholds in force. */
  offline: boolean;
  /** Else MEMFLEET_STATE_DIR, else /var/lib/memfleet-agent: where the thresholds in force are cached. */
  stateDir?: string;
}

export interface EnrollCommandOptions {
  /** Else MEMFLEET_SERVER. */
  server?: string;
  /** Else MEMFLEET_ENROLL_SECRET. */
  enrollSecret?: string;
  labels: Record<string, string>;
  /** Else MEMFLEET_CONFIG, else /etc/memfleet/agent.json. */
  config?: string;
  caFile?: string;
  root: string;
}

export interface RunCommandOptions extends CollectFlags {
  /** Else MEMFLEET_SERVER, else the enrolled one. */
  server?: string;
  once: boolean;
  intervalSeconds: number;
  /** How long the server may evaluate before answering "queued" (the API allows 0-60). */
  waitSeconds: number;
  config?: string;
  /** Else MEMFLEET_STATE_DIR, else /var/lib/memfleet-agent. */
  stateDir?: string;
  spoolMax: number;
  caFile?: string;
  /** How often the online CPU set is sampled between reports (capped at the interval). */
  sampleIntervalSeconds: number;
}

export const RUN_DEFAULTS = { once: false, intervalSeconds: 300, waitSeconds: 10, spoolMax: 500, sampleIntervalSeconds: 5 } as const;

/** Longest ?wait= the API accepts; a longer one would be refused with 400 and the report dropped. */
export const MAX_WAIT_SECONDS = 60;

/** Report intervals the report contract accepts (`intervalSeconds`): outside them every report would be refused. */
export const INTERVAL_BOUNDS = REPORT_INTERVAL_SECONDS;

/** A report holds at most this many processes, so a larger --top adds nothing. */
export const MAX_TOP = MAX_REPORT_PROCESSES;
