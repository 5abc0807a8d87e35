import { Inject, Injectable } from '@nestjs/common';
import { naturalCompare, parseCpuList } from '@memfleet/contracts';
import { ReportSamplesRepository, type ChartSampleRow } from '@memfleet/persistence';
import { APP_CONFIG, type AppConfig } from '@memfleet/platform';
import type { HistoryRange, HistorySeriesDto, HostHistoryDto, HostHistoryQueryDto } from './dto/host-history.dto';
import { HostsService } from './hosts.service';

const RANGE_SECONDS: Record<HistoryRange, number> = { '6h': 6 * 3600, '24h': 86400, '7d': 7 * 86400, '14d': 14 * 86400 };
/** Points per chart at most: enough for a 1000 px wide chart, small enough for a phone. */
export const MAX_HISTORY_POINTS = 240;
const MAX_PROCESS_SERIES = 50;

/** Series keyed by subject, one slot per point. */
function seriesOf(rows: ChartSampleRow[], entries: (r: ChartSampleRow) => { subject: string; value: number | null }[] | null): HistorySeriesDto[] {
  const bySubject = new Map<string, (number | null)[]>();
  rows.forEach((r, i) => {
    for (const e of entries(r) ?? []) {
      let values = bySubject.get(e.subject);
      if (!values) bySubject.set(e.subject, (values = new Array<number | null>(rows.length).fill(null)));
      values[i] = e.value;
    }
  });
  return [...bySubject].map(([subject, values]) => ({ subject, values }));
}

const peak = (s: HistorySeriesDto) => Math.max(-1, ...s.values.map((v) => v ?? -1));

@Injectable()
export class HostHistoryService {
  constructor(
    private readonly samples: ReportSamplesRepository,
    private readonly hosts: HostsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async history(hostId: string, query: HostHistoryQueryDto): Promise<HostHistoryDto> {
    await this.hosts.summary(hostId); // 404 for an unknown host
    const range = query.range ?? '24h';
    const seconds = RANGE_SECONDS[range];
    const bucketSeconds = Math.ceil(seconds / MAX_HISTORY_POINTS);
    const now = Date.now();
    // The range starts on a slice boundary, so it holds at most MAX_HISTORY_POINTS whole slices and no partial first one.
    const bucketMs = bucketSeconds * 1000;
    const from = new Date(Math.ceil((now - seconds * 1000) / bucketMs) * bucketMs);
    // A sample from an agent clock that runs ahead would add a slice past now: the oldest one goes instead.
    const rows = (await this.samples.chartSamples(hostId, from.toISOString(), bucketSeconds)).slice(-MAX_HISTORY_POINTS);
    const to = new Date(Math.max(now, ...rows.map((r) => r.collectedAt.getTime())));

    const all = seriesOf(rows, (r) => r.processes?.map((p) => ({ subject: p.subject, value: p.rssBytes })) ?? null).sort(
      (a, b) => peak(b) - peak(a) || naturalCompare(a.subject, b.subject),
    );
    const withRss = all.filter((s) => peak(s) >= 0);
    const processes = withRss.slice(0, MAX_PROCESS_SERIES);
    const asked = query.process !== undefined ? withRss.find((s) => s.subject === query.process) : undefined;
    if (asked && !processes.includes(asked)) processes.push(asked);
    return {
      range,
      from: from.toISOString(),
      to: to.toISOString(),
      bucketSeconds,
      historyDays: this.config.historyDays,
      points: rows.map((r) => ({
        collectedAt: r.collectedAt.toISOString(),
        sequence: r.sequence,
        memAvailableBytes: r.host?.memAvailableBytes ?? null,
        committedAsBytes: r.host?.committedAsBytes ?? null,
        commitLimitBytes: r.host?.commitLimitBytes ?? null,
        shmAvailableBytes: r.host?.shmAvailableBytes ?? null,
        cpuOnlineCount: parseCpuList(r.cpuOnline)?.length ?? null,
      })),
      processes,
      processesOmitted: withRss.length - processes.length,
      aeronDirs: seriesOf(rows, (r) => r.aeron?.map((a) => ({ subject: a.subject, value: a.availableBytes })) ?? null).sort((a, b) =>
        naturalCompare(a.subject, b.subject),
      ),
    };
  }
}
