import { randomBytes } from 'node:crypto';

/**
 * A UUIDv7 of the instant `at`, as memfleet_uuid7(at) makes it in SQL: report ids are time-ordered so that
 * a report lies in the day partition of its arrival (see migration PartitionedReports). For writers that
 * bypass the ingest statement (the seed script's COPY).
 */
export function uuid7(at: Date = new Date()): string {
  const b = randomBytes(16);
  b.writeUIntBE(at.getTime(), 0, 6);
  b[6] = (b[6] & 0x0f) | 0x70;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
