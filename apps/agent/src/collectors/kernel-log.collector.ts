import fs from 'node:fs';
import type { HotplugEvent } from '@memfleet/contracts';
import type { HostFs } from './host-fs';

export interface KernelLogLine {
  atSecondsSinceBoot: number;
  message: string;
}

export interface KernelLog {
  source: 'kmsg' | 'log-file';
  path: string;
  lines: KernelLogLine[];
  /** Earliest time the lines cover: 0 when the buffer still holds the boot, else the first line. */
  windowStart: number | null;
  windowEnd: number | null;
}

const MAX_BYTES = 8 * 1024 * 1024;

/** /dev/kmsg records: "prio,seq,usec,flags;message", continuation lines start with a space. */
export function parseKmsg(text: string): { lines: KernelLogLine[]; firstSeq: number | null } {
  const lines: KernelLogLine[] = [];
  let firstSeq: number | null = null;
  for (const rec of text.split('\n')) {
    const m = /^\d+,(\d+),(\d+),[^;]*;(.*)$/.exec(rec);
    if (!m) continue;
    if (firstSeq === null) firstSeq = Number(m[1]);
    lines.push({ atSecondsSinceBoot: Number(m[2]) / 1e6, message: m[3] });
  }
  return { lines, firstSeq };
}

/** dmesg/kern.log lines "[  12.345678] message"; only the last boot (after the last "Linux version") counts. */
export function parseDmesg(text: string): { lines: KernelLogLine[]; sawBoot: boolean } {
  let lines: KernelLogLine[] = [];
  let sawBoot = false;
  for (const raw of text.split('\n')) {
    const m = /\[\s*(\d+\.\d+)\]\s?(.*)$/.exec(raw);
    if (!m) continue;
    if (/^Linux version /.test(m[2])) {
      lines = [];
      sawBoot = true;
    }
    lines.push({ atSecondsSinceBoot: Number(m[1]), message: m[2] });
  }
  return { lines, sawBoot };
}

// /dev/kmsg blocks at the end unless opened non-blocking; each read returns one record.
function readKmsgDevice(absPath: string): string {
  const fd = fs.openSync(absPath, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  const chunks: string[] = [];
  let total = 0;
  const buf = Buffer.alloc(16 * 1024);
  try {
    for (;;) {
      let n: number;
      try {
        n = fs.readSync(fd, buf, 0, buf.length, null);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'EPIPE') continue; // a record was overwritten while reading; the next read resumes
        if (code === 'EAGAIN' || code === 'EWOULDBLOCK') break;
        throw err;
      }
      if (n === 0) break;
      const s = buf.toString('utf8', 0, n);
      chunks.push(s.endsWith('\n') ? s : `${s}\n`);
      total += n;
      if (total > MAX_BYTES) break;
    }
  } finally {
    fs.closeSync(fd);
  }
  return chunks.join('');
}

export function readKernelLog(hfs: HostFs, uptime: number | null): KernelLog | null {
  const kmsgPath = hfs.abs('/dev/kmsg');
  try {
    const st = fs.statSync(kmsgPath);
    const text = st.isCharacterDevice() ? readKmsgDevice(kmsgPath) : fs.readFileSync(kmsgPath, 'utf8');
    const { lines, firstSeq } = parseKmsg(text);
    if (lines.length > 0) {
      return {
        source: 'kmsg',
        path: '/dev/kmsg',
        lines,
        windowStart: firstSeq === 0 ? 0 : lines[0].atSecondsSinceBoot,
        windowEnd: uptime ?? lines[lines.length - 1].atSecondsSinceBoot,
      };
    }
  } catch (err) {
    hfs.error('/dev/kmsg', err, 'metrics.cpuHotplug');
  }
  for (const p of ['/var/log/kern.log', '/var/log/dmesg', '/var/log/messages']) {
    const text = hfs.tryRead(p);
    if (text === null) continue;
    const { lines, sawBoot } = parseDmesg(text.length > MAX_BYTES ? text.slice(-MAX_BYTES) : text);
    if (lines.length === 0) continue;
    return {
      source: 'log-file',
      path: p,
      lines,
      windowStart: sawBoot ? 0 : lines[0].atSecondsSinceBoot,
      windowEnd: lines[lines.length - 1].atSecondsSinceBoot,
    };
  }
  return null;
}

export interface HotplugFromLog {
  events: HotplugEvent[];
  allowingCpus: number | null;
  allowingHotplugCpus: number | null;
}

export function hotplugEvents(log: KernelLog, bootId: string | null): HotplugFromLog {
  const events: HotplugEvent[] = [];
  let allowingCpus: number | null = null;
  let allowingHotplugCpus: number | null = null;
  const push = (cpu: number | null, action: HotplugEvent['action'], l: KernelLogLine) =>
    events.push({ cpu, action, atSecondsSinceBoot: l.atSecondsSinceBoot, bootId, source: log.source, detail: l.message.slice(0, 256) });
  for (const l of log.lines) {
    const msg = l.message;
    let m: RegExpExecArray | null;
    if ((m = /Allowing (\d+) CPUs, (\d+) hotplug CPUs/.exec(msg))) {
      allowingCpus = Number(m[1]);
      allowingHotplugCpus = Number(m[2]);
      push(null, 'allowing', l);
    } else if ((m = /CPU ?(\d+) has been hot-added/.exec(msg))) push(Number(m[1]), 'hot-added', l);
    else if ((m = /smpboot: Booting Node \d+ Processor (\d+)/.exec(msg)) || (m = /CPU(\d+): Booted secondary processor/.exec(msg)))
      push(Number(m[1]), 'online', l);
    else if ((m = /smpboot: CPU (\d+) is now offline/.exec(msg)) || (m = /CPU(\d+): shutdown/.exec(msg))) push(Number(m[1]), 'offline', l);
  }
  return { events, allowingCpus, allowingHotplugCpus };
}
