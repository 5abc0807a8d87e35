// npm run seed -- --hosts 100000 [--reports-per-host 10] : fills DATABASE_URL with a generated fleet through
// COPY — hosts, configurations, reports (compact history), findings from the real rule engine, and
// 30 days of finding events — for dashboard work and the dashboard benchmark.
import { createHash, randomUUID } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Report } from '@memfleet/contracts';
import { allocatorCounts, createDataSource, historySampleOf, runMigrationsWithLock, uuid7 } from '@memfleet/persistence';
import { evaluateReport } from '@memfleet/rules';
import { generateReport } from '../libs/rules/src/testing/generate-reports';

interface Args {
  hosts: number;
  reportsPerHost: number;
  databaseUrl: string;
}

function parseArgs(argv: string[]): Args {
  const get = (name: string, def: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 && argv[i + 1] ? argv[i + 1] : def;
  };
  if (argv.includes('--help')) {
    console.log('usage: npm run seed -- --hosts N [--reports-per-host R]   (DATABASE_URL must point at PostgreSQL)');
    process.exit(0);
  }
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error('set DATABASE_URL to the PostgreSQL database to seed (the embedded database is not meant for 100,000 hosts)');
  const hosts = Number(get('hosts', '1000'));
  const reportsPerHost = Number(get('reports-per-host', '10'));
  if (!Number.isInteger(hosts) || hosts < 1 || !Number.isInteger(reportsPerHost) || reportsPerHost < 1)
    throw new Error('--hosts and --reports-per-host take positive integers');
  return { hosts, reportsPerHost, databaseUrl };
}

/** COPY text format: tab-separated, \N for null, backslash escapes. */
function copyValue(v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  const s = typeof v === 'string' ? v : v instanceof Date ? v.toISOString() : typeof v === 'object' ? JSON.stringify(v) : String(v);
  return s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

async function copy(client: Client, table: string, columns: string[], rows: unknown[][]): Promise<void> {
  if (rows.length === 0) return;
  const stream = client.query(copyFrom(`COPY ${table} (${columns.map((c) => `"${c}"`).join(', ')}) FROM STDIN`));
  await pipeline(Readable.from(rows.map((r) => `${r.map(copyValue).join('\t')}\n`)), stream);
}

const DAY = 86_400_000;

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const ds = createDataSource({ url: args.databaseUrl, poolSize: 2 });
  await ds.initialize();
  await runMigrationsWithLock(ds);
  // Report ids are UUIDv7 of their arrival: the days the seeded history spans get their partitions first.
  for (const t of ['reports', 'report_samples'])
    await ds.query(`SELECT memfleet_ensure_day_partitions($1, (now() AT TIME ZONE 'UTC')::date - 30, (now() AT TIME ZONE 'UTC')::date)`, [t]);
  await ds.destroy();
  const client = new Client({ connectionString: args.databaseUrl });
  await client.connect();
  const started = Date.now();
  const now = Date.now();
  const BATCH = 1000;
  let findingsTotal = 0;
  try {
    for (let start = 0; start < args.hosts; start += BATCH) {
      const hosts: unknown[][] = [];
      const configs: unknown[][] = [];
      const reports: unknown[][] = [];
      const samples: unknown[][] = [];
      const findings: unknown[][] = [];
      const events: unknown[][] = [];
      const latestConfigs: { h: string; c: string }[] = [];
      for (let i = start; i < Math.min(args.hosts, start + BATCH); i++) {
        const hostId = randomUUID();
        // Every 40th host has gone quiet (stale); the rest reported within the last interval.
        const lastSeen = new Date(i % 40 === 0 ? now - (2 + (i % 5)) * DAY : now - (i % 290) * 1000);
        let latest: Report | null = null;
        let latestReportId = '';
        let latestConfigId = '';
        const configIds = new Map<string, string>();
        for (let k = 1; k <= args.reportsPerHost; k++) {
          // A tenth of the hosts changed configuration halfway through their history.
          const r = generateReport(i, { sequence: k, changed: i % 10 === 0 && k > args.reportsPerHost / 2 });
          const configJson = JSON.stringify(r.configuration);
          const hash = createHash('sha256').update(configJson).digest('hex');
          let configId = configIds.get(hash);
          const at = new Date(lastSeen.getTime() - (args.reportsPerHost - k) * r.intervalSeconds * 1000);
          if (!configId) {
            configId = randomUUID();
            configIds.set(hash, configId);
            configs.push([configId, hostId, hash, configJson, at, at]);
          }
          const reportId = uuid7(at);
          // Older samples keep only what history-aware rules and charts read; the latest is whole.
          const metrics =
            k === args.reportsPerHost ? r.metrics : { ...r.metrics, processes: r.metrics.processes.map((p) => ({ subject: p.subject, rssBytes: p.rssBytes })) };
          reports.push([reportId, hostId, configId, k, at, at, 1, r.agent.version, JSON.stringify(metrics), '[]', 'evaluated', 1, at]);
          samples.push([reportId, hostId, 0, k, at, JSON.stringify(historySampleOf(r))]);
          latest = r;
          latestReportId = reportId;
          latestConfigId = configId;
        }
        const r = latest!;
        const c = r.configuration;
        const counts = { critical: 0, warning: 0, info: 0 };
        for (const f of evaluateReport(r)) {
          const findingId = randomUUID();
          const hit = f.outcome === 'hit';
          const openedAt = hit ? new Date(now - ((i * 7 + f.ruleId.length) % 30) * DAY - (i % 86_400) * 1000) : null;
          if (hit && f.severity) counts[f.severity]++;
          findings.push([
            findingId,
            hostId,
            f.ruleId,
            f.subject,
            f.outcome,
            f.severity,
            f.ruleVersion,
            f.summary,
            f.evidence,
            f.remediation,
            f.missing ?? [],
            f.thresholds ?? {},
            latestReportId,
            openedAt ?? lastSeen,
            lastSeen,
            openedAt,
            null,
          ]);
          if (hit) events.push([findingId, hostId, f.ruleId, f.subject, 'opened', f.severity, null, latestReportId, openedAt]);
          else if (i % 7 === 0 && f.outcome === 'pass') {
            // Some history of fixed problems: opened, then resolved days later.
            const opened = new Date(now - ((i % 25) + 5) * DAY);
            events.push([findingId, hostId, f.ruleId, f.subject, 'opened', 'warning', null, latestReportId, opened]);
            events.push([findingId, hostId, f.ruleId, f.subject, 'resolved', null, 'warning', latestReportId, new Date(opened.getTime() + 3 * DAY)]);
          }
        }
        hosts.push([
          hostId,
          r.identity.machineId,
          r.identity.dmiProductUuid ?? '',
          c.host.hostname,
          r.labels,
          r.labels,
          300,
          lastSeen,
          args.reportsPerHost,
          latestReportId,
          null, // set after the configurations are in, as ingest does, so the inventory trigger reads them
          args.reportsPerHost,
          r.agent.version,
          c.host.architecture ?? null,
          c.virtualization.hypervisor ?? null,
          c.host.kernelRelease ?? null,
          c.thp.enabled ?? null,
          c.vm.overcommitMemory ?? null,
          c.cpu.onlineCount ?? null,
          c.memory.memTotalBytes ?? null,
          counts.critical,
          counts.warning,
          counts.info,
          allocatorCounts(r),
        ]);
        latestConfigs.push({ h: hostId, c: latestConfigId });
      }
      await client.query('BEGIN');
      await copy(
        client,
        'hosts',
        [
          'id',
          'machine_id',
          'dmi_product_uuid',
          'hostname',
          'agent_labels',
          'labels',
          'interval_seconds',
          'last_seen_at',
          'last_sequence',
          'latest_report_id',
          'latest_config_id',
          'evaluated_sequence',
          'agent_version',
          'architecture',
          'hypervisor',
          'kernel_release',
          'thp_enabled',
          'overcommit_memory',
          'cpu_online_count',
          'mem_total_bytes',
          'critical_count',
          'warning_count',
          'info_count',
          'allocator_counts',
        ],
        hosts,
      );
      await copy(client, 'host_configs', ['id', 'host_id', 'config_hash', 'configuration', 'first_seen_at', 'last_seen_at'], configs);
      await client.query(`UPDATE hosts h SET latest_config_id = x.c FROM jsonb_to_recordset($1::jsonb) AS x(h uuid, c uuid) WHERE h.id = x.h`, [
        JSON.stringify(latestConfigs),
      ]);
      await copy(
        client,
        'reports',
        [
          'id',
          'host_id',
          'config_id',
          'sequence',
          'collected_at',
          'received_at',
          'schema_version',
          'agent_version',
          'metrics',
          'collection_errors',
          'status',
          'attempts',
          'evaluated_at',
        ],
        reports,
      );
      await copy(client, 'report_samples', ['report_id', 'host_id', 'epoch', 'sequence', 'collected_at', 'sample'], samples);
      await copy(
        client,
        'findings',
        [
          'id',
          'host_id',
          'rule_id',
          'subject',
          'outcome',
          'severity',
          'rule_version',
          'summary',
          'evidence',
          'remediation',
          'missing',
          'thresholds',
          'report_id',
          'first_seen_at',
          'last_seen_at',
          'opened_at',
          'resolved_at',
        ],
        findings,
      );
      await copy(client, 'finding_events', ['finding_id', 'host_id', 'rule_id', 'subject', 'kind', 'severity', 'previous_severity', 'report_id', 'at'], events);
      await client.query('COMMIT');
      findingsTotal += findings.length;
      const done = Math.min(args.hosts, start + BATCH);
      const rate = done / ((Date.now() - started) / 1000);
      process.stdout.write(`seed: ${done}/${args.hosts} hosts (${rate.toFixed(0)} hosts/s, eta ${((args.hosts - done) / rate).toFixed(0)} s)\n`);
    }
    // VACUUM too: freshly COPYed rows are not yet all-visible, so index-only scans would read the heap until
    // autovacuum ran — the benches should see the database as it settles in production.
    await client.query('VACUUM ANALYZE');
    const size = (await client.query(`SELECT pg_size_pretty(pg_database_size(current_database())) AS s`)).rows[0].s;
    console.log(
      `seed: ${args.hosts} hosts, ${args.hosts * args.reportsPerHost} reports, ${findingsTotal} findings in ${((Date.now() - started) / 1000).toFixed(0)} s; database size ${size}`,
    );
  } finally {
    await client.end();
  }
}

main().catch((err: Error) => {
  console.error(`seed: ${err.message}`);
  process.exit(1);
});
