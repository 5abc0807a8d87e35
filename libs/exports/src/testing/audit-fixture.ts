import type { AuditHit, AuditSummary } from '@memfleet/contracts';
import type { AuditExportMeta } from '../audit-document';

// A hand-made audit for the renderer specs: hostile text where agents supply it (hostnames, subjects,
// summaries), a silenced hit, a remediation with more hosts than the printable formats list.

export const HOSTILE_HOSTNAME = '<script>alert("x")</script>.evil';
const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

export const FIXTURE_META: AuditExportMeta = {
  id: '3f1c2b4a-5d6e-4f70-8a9b-0c1d2e3f4a5b',
  createdAt: '2026-12-01T06:00:00.000Z',
  requestedBy: 'schedule:morning',
  trigger: 'schedule',
  scope: { team: 'edge' },
};

export const FIXTURE_HITS: AuditHit[] = [
  {
    hostId: uuid(1),
    hostname: 'gw-17',
    labels: { team: 'edge', env: 'prod' },
    ruleId: 'envoy-wasm-vm-explosion',
    severity: 'critical',
    subject: 'envoy:/usr/local/bin/envoy',
    firstSeenAt: '2026-11-28T10:00:00.000Z',
    silenced: false,
    summary: '2,304 Wasm VMs',
    evidenceSummary: 'Wasm VMs: 2304 count; workers: 96 cpus',
    remediationKey: 'envoy.set-concurrency',
    remediationText: 'Set --concurrency 8, "not 96", on gw-17.\nThen restart.',
    remediationEffect: 'fixes',
  },
  {
    hostId: uuid(2),
    hostname: HOSTILE_HOSTNAME,
    labels: { team: 'edge' },
    ruleId: 'envoy-wasm-vm-explosion',
    severity: 'warning',
    subject: '=HYPERLINK("http://evil.example","click")',
    firstSeenAt: '2026-11-29T10:00:00.000Z',
    silenced: false,
    summary: '<img src=x onerror=alert(1)>',
    evidenceSummary: '+1 cmd',
    remediationKey: 'envoy.set-concurrency',
    remediationText: '-2 workers',
    remediationEffect: 'fixes',
  },
  {
    hostId: uuid(3),
    hostname: '@gw-03',
    labels: {},
    ruleId: 'aeron-shm-short',
    severity: 'warning',
    subject: '\tdev-shm',
    firstSeenAt: '2026-11-30T10:00:00.000Z',
    silenced: true,
    summary: 'short /dev/shm',
    evidenceSummary: '\rusable: 12 bytes',
    remediationKey: null,
    remediationText: null,
    remediationEffect: null,
  },
];

const remediationHosts = Array.from({ length: 20 }, (_, i) => ({
  hostId: uuid(100 + i),
  hostname: `edge-${i}`,
  subject: 'envoy',
  text: `Set --concurrency 8 on edge-${i}.`,
}));

export const FIXTURE_SUMMARY: AuditSummary = {
  generatedAt: '2026-12-01T06:00:05.000Z',
  scope: { team: 'edge' },
  previousAuditId: '11111111-2222-4333-8444-555555555555',
  fleet: { total: 120, reporting: 112, stale: 6, retired: 2 },
  notEvaluated: [{ fact: 'shm.usableBytes', suppliedBy: 'agent 0.4 or later', ruleIds: ['aeron-shm-short'], hosts: 7 }],
  findings: {
    totals: { critical: 14, warning: 9, info: 2, silenced: 1, hosts: 21 },
    byRule: [
      { ruleId: 'envoy-wasm-vm-explosion', title: 'Envoy Wasm VM explosion', critical: 12, warning: 4, info: 0, silenced: 0, hosts: 16 },
      { ruleId: 'aeron-shm-short', title: 'Aeron /dev/shm too small', critical: 2, warning: 5, info: 2, silenced: 1, hosts: 8 },
    ],
  },
  silenced: {
    total: 1,
    items: [
      {
        hostId: uuid(3),
        hostname: '@gw-03',
        ruleId: 'aeron-shm-short',
        subject: 'dev-shm',
        severity: 'warning',
        reason: 'migrating to tmpfs next week',
        author: 'ops-admin',
        expiresAt: '2026-12-08T00:00:00.000Z',
      },
    ],
  },
  changes: {
    since: '2026-11-30T06:00:00.000Z',
    opened: { total: 2, items: [{ hostId: uuid(2), hostname: HOSTILE_HOSTNAME, ruleId: 'envoy-wasm-vm-explosion', subject: 'envoy', severity: 'warning' }] },
    resolved: { total: 1, items: [{ hostId: uuid(4), hostname: 'gw-04', ruleId: 'aeron-shm-short', subject: 'dev-shm', severity: 'info' }] },
    escalated: {
      total: 1,
      items: [{ hostId: uuid(1), hostname: 'gw-17', ruleId: 'envoy-wasm-vm-explosion', subject: 'envoy', severity: 'critical', previousSeverity: 'warning' }],
    },
    hostsAppeared: { total: 1, items: [{ hostId: uuid(2), hostname: HOSTILE_HOSTNAME }] },
    hostsStale: { total: 0, items: [] },
  },
  remediations: [
    {
      key: 'envoy.set-concurrency',
      title: 'Limit Envoy worker threads',
      effect: 'fixes',
      ruleIds: ['envoy-wasm-vm-explosion'],
      hosts: { total: 25, items: remediationHosts },
    },
    {
      key: 'aeron.grow-shm',
      title: 'Grow /dev/shm',
      effect: 'mitigates',
      ruleIds: ['aeron-shm-short'],
      hosts: { total: 1, items: [{ hostId: uuid(3), hostname: '@gw-03', subject: 'dev-shm', text: 'mount -o remount,size=2G /dev/shm' }] },
    },
  ],
  patterns: [
    {
      ruleId: 'envoy-wasm-vm-explosion',
      title: 'Envoy Wasm VM explosion',
      headline: '12 gateways at risk of Wasm VM explosion; worst: 2,304 VMs on gw-17',
      hosts: { total: 16, items: [{ hostId: uuid(1), hostname: 'gw-17', subject: 'envoy', severity: 'critical', summary: '2,304 Wasm VMs' }] },
    },
    {
      ruleId: 'aeron-shm-short',
      title: 'Aeron /dev/shm too small',
      headline: '8 hosts cannot hold an Aeron log in /dev/shm; worst: 12 bytes usable on gw-03',
      hosts: { total: 8, items: [{ hostId: uuid(3), hostname: '@gw-03', subject: 'dev-shm', severity: 'warning', summary: '12 bytes usable' }] },
    },
  ],
  timeToFix: [{ ruleId: 'aeron-shm-short', resolved: 4, medianSeconds: 5400, p90Seconds: 259200 }],
  recurrence: [{ ruleId: 'aeron-shm-short', recurred: 1, resolved: 4 }],
};

export async function* asyncHits(hits: AuditHit[] = FIXTURE_HITS): AsyncGenerator<AuditHit> {
  for (const h of hits) yield h;
}

/** Reads a stream to the end as text. */
export async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(c as string));
  return Buffer.concat(chunks);
}

/** A strict RFC 4180 parser for the specs: CRLF records, quoted fields with doubled quotes. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
      } else if (c === '"') {
        quoted = false;
        i++;
      } else {
        field += c;
        i++;
      }
    } else if (c === '"' && field === '') {
      quoted = true;
      i++;
    } else if (c === ',') {
      row.push(field);
      field = '';
      i++;
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += 2;
    } else if (c === '\r' || c === '\n' || c === '"') {
      throw new Error(`bare ${JSON.stringify(c)} outside quotes at ${i}`);
    } else {
      field += c;
      i++;
    }
  }
  if (field !== '' || row.length) throw new Error('last record lacks its CRLF');
  return rows;
}
