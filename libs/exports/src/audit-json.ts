import type { Readable } from 'node:stream';
import type { AuditHit, AuditRemediationHost, AuditSummary } from '@memfleet/contracts';
import type { AuditExportMeta } from './audit-document';
import { jsonObjectStream } from './json-stream';

async function* none(): AsyncGenerator<never> {}

/** `{ id, createdAt, requestedBy, trigger, scope, summary, hits: [...], remediationHosts: [...] }` (AuditDocumentSchema), both lists streamed. */
export const auditJson = (
  summary: AuditSummary,
  meta: AuditExportMeta,
  hits: AsyncIterable<AuditHit>,
  remediationHosts: AsyncIterable<AuditRemediationHost> = none(),
): Readable =>
  jsonObjectStream({ id: meta.id, createdAt: meta.createdAt, requestedBy: meta.requestedBy, trigger: meta.trigger, scope: meta.scope, summary }, [
    ['hits', hits],
    ['remediationHosts', remediationHosts],
  ]);
