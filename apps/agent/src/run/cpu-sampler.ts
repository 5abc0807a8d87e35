import type { HotplugEvent } from '@memfleet/contracts';
import { readCpuSet } from '../collectors/cpu.collector';
import { HostFs } from '../collectors/host-fs';

const MAX_EVENTS = 512;

/** Samples the online CPU set every few seconds so hot-adds between reports are seen with their time. */
export class CpuSampler {
  readonly events: HotplugEvent[] = [];
  readonly sinceSecondsSinceBoot: number;
  private previous: number[] | null;
  private timer: NodeJS.Timeout | undefined;
  private readonly bootId: string | null;

  constructor(private readonly fs: HostFs) {
    this.previous = readCpuSet(fs, 'online', true);
    this.sinceSecondsSinceBoot = this.uptime() ?? 0;
    this.bootId = fs.tryRead('/proc/sys/kernel/random/boot_id')?.trim() ?? null;
  }

  private uptime(): number | null {
    const t = Number(this.fs.tryRead('/proc/uptime')?.split(/\s+/)[0]);
    return Number.isFinite(t) ? t : null;
  }

  sample(): void {
    const now = readCpuSet(this.fs, 'online', true);
    const at = this.uptime();
    if (now === null || at === null || this.previous === null) {
      this.previous = now;
      return;
    }
    const before = new Set(this.previous);
    const after = new Set(now);
    for (const c of now) if (!before.has(c)) this.events.push({ cpu: c, action: 'online', atSecondsSinceBoot: at, bootId: this.bootId, source: 'sample' });
    for (const c of this.previous)
      if (!after.has(c)) this.events.push({ cpu: c, action: 'offline', atSecondsSinceBoot: at, bootId: this.bootId, source: 'sample' });
    if (this.events.length > MAX_EVENTS) this.events.splice(0, this.events.length - MAX_EVENTS);
    this.previous = now;
  }

  start(everyMs: number): void {
    this.timer = setInterval(() => this.sample(), everyMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
