import type { Readable } from 'node:stream';
import type { AuditHit, AuditSummary } from '@memfleet/contracts';
import type { AuditExportMeta } from './audit-document';
import { jsonObjectStream } from './json-stream';

/** `{ id, createdAt, requestedBy, trigger, scope, summary, hits: [...] }` (AuditDocumentSchema), hits streamed. */
export const auditJson = (summary: AuditSummary, meta: AuditExportMeta, hits: AsyncIterable<AuditHit>): Readable =>
  jsonObjectStream({ id: meta.id, createdAt: meta.createdAt, requestedBy: meta.requestedBy, trigger: meta.trigger, scope: meta.scope, summary }, 'hits', hits);
