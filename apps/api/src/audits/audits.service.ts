import { Inject, Injectable, Logger, StreamableFile } from '@nestjs/common';
import type { Response } from 'express';
import { AUDIT_STARTER, checkLabels, type AuditFormat, type AuditStarter, type AuditSummary } from '@memfleet/contracts';
import { exportAudit } from '@memfleet/exports';
import { AuditsRepository, type AuditRow } from '@memfleet/persistence';
import { ActivityService } from '../activity/activity.service';
import type { Principal } from '../auth/principal';
import { decodeCursor, encodeCursor } from '../common/cursor';
import { invalidFields, ProblemException, problemType } from '../common/problem.exception';
import { wire } from '../common/wire';
import type { AuditDetailDto, AuditItemDto, AuditPageDto, AuditsQueryDto, CreateAuditDto, StartedAuditDto } from './dto/audits.dto';

@Injectable()
export class AuditsService {
  private readonly logger = new Logger('AuditExport');

  constructor(
    private readonly audits: AuditsRepository,
    @Inject(AUDIT_STARTER) private readonly starter: AuditStarter,
    private readonly activity: ActivityService,
  ) {}

  async start(dto: CreateAuditDto, by: Principal): Promise<StartedAuditDto> {
    const scope = dto.scope ?? {};
    const bad = checkLabels(scope, 'scope');
    if (bad.length) throw invalidFields(bad);
    const requestedBy = by.kind === 'api' ? by.name : 'agent';
    const { id } = await this.starter.start({ scope, trigger: 'manual', scheduleId: null, requestedBy, formats: [], destinationIds: [] });
    // Recorded once the audit is queued (the starter writes its row and job itself), like a test message sent.
    await this.activity.record(by, { action: 'audit.run', targetType: 'audit', targetId: id, details: { scope } });
    return { id, status: 'queued' };
  }

  async list(q: AuditsQueryDto): Promise<AuditPageDto> {
    const limit = q.limit ?? 50;
    const { total, rows } = await this.audits.list({ scheduleId: q.scheduleId }, decodeCursor(q.cursor, 'timestamp'), limit);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map(item),
      nextCursor: rows.length > limit && last ? encodeCursor({ v: new Date(last.createdAt).toISOString(), id: last.id }) : null,
      total,
    };
  }

  async get(id: string): Promise<AuditDetailDto> {
    const row = await this.audits.get(id);
    if (!row) throw new ProblemException(404, 'not-found', `No audit ${id}.`);
    return { ...item(row), summary: (row.summary as AuditSummary | null) ?? null };
  }

  /** A finished audit in one format, streamed: JSON and CSV read its stored hits page by page. */
  async export(id: string, format: AuditFormat): Promise<StreamableFile> {
    const row = await this.audits.get(id);
    if (!row) throw new ProblemException(404, 'not-found', `No audit ${id}.`);
    if (row.status !== 'done') throw new ProblemException(409, 'audit-not-done', `Audit ${id} is ${row.status}: it can be exported once it is done.`);
    const meta = { id: row.id, createdAt: new Date(row.createdAt).toISOString(), requestedBy: row.requestedBy, trigger: row.trigger, scope: row.scope };
    const out = exportAudit(format, row.summary as AuditSummary, meta, this.audits.hits(id), this.audits.hitsByRemediation(id));
    const file = new StreamableFile(out.stream, { type: out.contentType, disposition: `attachment; filename="${out.filename}"` });
    // A failure after the first byte aborts the connection, so a cut-off file never looks whole.
    file.setErrorHandler((err, raw) => {
      this.logger.error(`export of audit ${id} as ${format} failed: ${err.message}`);
      const res = raw as unknown as Response;
      if (res.headersSent || res.destroyed) res.destroy(err);
      else
        res
          .status(500)
          .type('application/problem+json')
          .send(JSON.stringify({ type: problemType('export-failed'), title: 'Internal Server Error', status: 500, detail: 'The export failed.' }));
    });
    return file;
  }
}

function item(row: AuditRow): AuditItemDto {
  const { formats: _f, destinationIds: _d, previousAuditId: _p, ...rest } = wire(row);
  return rest;
}
