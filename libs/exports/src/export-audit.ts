import { Readable } from 'node:stream';
import type { AuditFormat, AuditHit, AuditRemediationHost, AuditSummary } from '@memfleet/contracts';
import type { AuditExportMeta } from './audit-document';
import { auditCsv } from './audit-csv';
import { auditHtml } from './audit-html';
import { auditJson } from './audit-json';
import { auditPdf } from './audit-pdf';

export interface AuditExport {
  contentType: string;
  /** For Content-Disposition: attachment. */
  filename: string;
  stream: Readable;
}

export const AUDIT_CONTENT_TYPES: Record<AuditFormat, string> = {
  json: 'application/json; charset=utf-8',
  csv: 'text/csv; charset=utf-8; header=present',
  html: 'text/html; charset=utf-8',
  pdf: 'application/pdf',
};

/** `memfleet-audit-2026-12-01-1a2b3c4d.pdf`: the day it was asked for and the id's first block. */
export const auditFilename = (meta: AuditExportMeta, format: AuditFormat): string =>
  `memfleet-audit-${meta.createdAt.slice(0, 10)}-${meta.id.slice(0, 8)}.${format}`;

/**
 * One audit in one format: what GET /api/v1/audits/:id/export answers. JSON and CSV stream every hit
 * from `hits`; HTML and PDF show the stored summary only and never read `hits`.
 */
export function exportAudit(
  format: AuditFormat,
  summary: AuditSummary,
  meta: AuditExportMeta,
  hits: AsyncIterable<AuditHit>,
  remediationHosts?: AsyncIterable<AuditRemediationHost>,
): AuditExport {
  const file = { contentType: AUDIT_CONTENT_TYPES[format], filename: auditFilename(meta, format) };
  switch (format) {
    case 'json':
      return { ...file, stream: auditJson(summary, meta, hits, remediationHosts) };
    case 'csv':
      return { ...file, stream: auditCsv(hits) };
    case 'html':
      return { ...file, stream: Readable.from([Buffer.from(auditHtml(summary, meta), 'utf8')], { objectMode: false }) };
    case 'pdf':
      return { ...file, stream: auditPdf(summary, meta) };
  }
}
