import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import type { TraceAnalysisContract, TraceStatus } from '@memfleet/contracts';
import { HostsRepository, TracesRepository, type TraceRow } from '@memfleet/persistence';
import { TraceFormatError, TraceLimitError, type TraceAnalysis } from '@memfleet/trace-lab';
import { TraceUploads } from '@memfleet/traces';
import { ActivityService } from '../activity/activity.service';
import type { Principal } from '../auth/principal';
import { decodeCursor, encodeCursor } from '../common/cursor';
import { invalidFields, ProblemException } from '../common/problem.exception';
import { wire } from '../common/wire';
import type { TraceDetailDto, TraceItemDto, TracePageDto, TracesQueryDto, UploadedTraceDto, UploadTraceQueryDto } from './dto/traces.dto';

// The analysis computed by libs/trace-lab is the wire contract: this fails to compile when they part.
const sameShape = (a: TraceAnalysis): TraceAnalysisContract => a;

@Injectable()
export class TracesService {
  constructor(
    private readonly traces: TracesRepository,
    private readonly hosts: HostsRepository,
    private readonly uploads: TraceUploads,
    private readonly activity: ActivityService,
  ) {}

  async upload(req: Request, q: UploadTraceQueryDto, by: Principal): Promise<UploadedTraceDto> {
    if (!req.is('text/plain'))
      throw new ProblemException(415, 'unsupported-media-type', 'A trace is uploaded as Content-Type: text/plain (gzip it with Content-Encoding: gzip).');
    const encoding = String(req.headers['content-encoding'] ?? 'identity').toLowerCase();
    if (encoding !== 'identity' && encoding !== 'gzip')
      throw new ProblemException(415, 'encoding.unsupported', `Unsupported Content-Encoding "${encoding}"; use gzip or identity.`);
    if (q.subject && !q.hostId) throw invalidFields([{ path: 'query.subject', reason: 'needs query.hostId: a subject names a process of one host' }]);
    if (q.hostId && !(await this.hosts.exists(q.hostId))) throw invalidFields([{ path: 'query.hostId', reason: 'no host has this id' }]);
    const createdBy = by.kind === 'api' ? by.name : 'agent';
    try {
      const stored = await this.uploads.upload(req, encoding === 'gzip', {
        createdBy,
        name: q.name ?? null,
        hostId: q.hostId ?? null,
        subject: q.subject ?? null,
      });
      await this.activity.record(by, {
        action: 'trace.uploaded',
        targetType: 'trace',
        targetId: stored.id,
        details: { bytes: stored.bytes, events: stored.events },
      });
      return { id: stored.id, status: 'queued', bytes: stored.bytes, events: stored.events };
    } catch (err) {
      // A body refused part-way is dropped as it arrives and its connection closed after the answer: the
      // client reads the answer rather than a reset, and never sends another request after the lost rest.
      if (!req.readableEnded) {
        req.res?.setHeader('Connection', 'close');
        req.resume();
      }
      if (err instanceof TraceFormatError) throw invalidFields([{ path: 'body', reason: err.message }], `The trace is malformed: ${err.message}.`);
      if (err instanceof TraceLimitError) throw new ProblemException(413, 'trace-too-large', `${err.message}.`);
      if ((err as NodeJS.ErrnoException).code === 'Z_DATA_ERROR' || (err as NodeJS.ErrnoException).code === 'Z_BUF_ERROR')
        throw invalidFields([{ path: 'body', reason: 'is not valid gzip data (Content-Encoding: gzip)' }]);
      throw err;
    }
  }

  async list(q: TracesQueryDto): Promise<TracePageDto> {
    const limit = q.limit ?? 50;
    const { total, rows } = await this.traces.list({ hostId: q.hostId, subject: q.subject }, decodeCursor(q.cursor, 'timestamp'), limit);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map(item),
      nextCursor: rows.length > limit && last ? encodeCursor({ v: new Date(last.createdAt).toISOString(), id: last.id }) : null,
      total,
    };
  }

  async get(id: string): Promise<TraceDetailDto> {
    const row = await this.traces.get(id);
    if (!row) throw new ProblemException(404, 'not-found', `No trace ${id}.`);
    const analysis = (row.analysis as TraceAnalysis | null) ?? null;
    return { ...item(row), analysis: analysis && sameShape(analysis) };
  }
}

function item(row: TraceRow): TraceItemDto {
  const { analysis: _a, ...rest } = wire(row);
  return { ...rest, status: rest.status as TraceStatus };
}
