import { LiveBytesPoint, SizeHistogramBucket } from './trace-types';

const MAX_POINTS = 500;

/** Keeps the live-bytes curve in ≤ 500 windows of equal width, each holding its highest value (so peaks survive). */
export class LiveSeries {
  private width = 1;
  private readonly ends = new Float64Array(MAX_POINTS * 2);
  private readonly maxima = new Float64Array(MAX_POINTS * 2);
  private count = 0;
  private current = 0;
  private inWindow = 0;
  private lastEvent = 0;

  add(event: number, live: number): void {
    if (live > this.current || this.inWindow === 0) this.current = live;
    this.lastEvent = event;
    if (++this.inWindow === this.width) this.close();
  }

  private close(): void {
    this.ends[this.count] = this.lastEvent;
    this.maxima[this.count] = this.current;
    this.count++;
    this.inWindow = 0;
    this.current = 0;
    if (this.count === this.ends.length) this.halve();
  }

  private halve(): void {
    const n = this.count >> 1;
    for (let i = 0; i < n; i++) {
      this.ends[i] = this.ends[2 * i + 1];
      this.maxima[i] = Math.max(this.maxima[2 * i], this.maxima[2 * i + 1]);
    }
    if (this.count & 1) {
      this.ends[n] = this.ends[this.count - 1];
      this.maxima[n] = this.maxima[this.count - 1];
      this.count = n + 1;
    } else this.count = n;
    this.width *= 2;
  }

  points(): LiveBytesPoint[] {
    if (this.inWindow > 0) this.close();
    while (this.count > MAX_POINTS) this.halve();
    const out: LiveBytesPoint[] = [];
    for (let i = 0; i < this.count; i++) out.push({ event: this.ends[i], liveBytes: this.maxima[i] });
    return out;
  }
}

/**
 * Request sizes by bucket: below 8 B one bucket, then for every power of two p ≥ 8 a bucket of exactly p and one of
 * (p, 2p) — so Lua's table-doubling sizes 512, 1,024, 2,048 each stand alone.
 */
export class SizeHistogram {
  private readonly counts = new Float64Array(64);
  private readonly bytes = new Float64Array(64);

  add(size: number): void {
    let i = 0;
    if (size >= 8) {
      const k = 31 - Math.clz32(size);
      i = 2 * (k - 3) + ((size & (size - 1)) === 0 ? 1 : 2);
    }
    this.counts[i]++;
    this.bytes[i] += size;
  }

  buckets(): SizeHistogramBucket[] {
    let last = -1;
    for (let i = 0; i < this.counts.length; i++) if (this.counts[i] > 0) last = i;
    const out: SizeHistogramBucket[] = [];
    for (let i = 0; i <= last; i++) {
      let min: number;
      let max: number;
      if (i === 0) [min, max] = [1, 7];
      else {
        const p = 2 ** (((i - 1) >> 1) + 3);
        [min, max] = i % 2 === 1 ? [p, p] : [p + 1, 2 * p - 1];
      }
      const label = min === max ? `${min}` : `${min}–${max}`;
      out.push({ label, minBytes: min, maxBytes: max, count: this.counts[i], bytes: this.bytes[i] });
    }
    return out;
  }
}
