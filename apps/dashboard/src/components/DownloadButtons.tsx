import { useState } from 'react';
import { describeError } from '../api/client';
import { downloadExport } from '../api/download';
import { AUDIT_FORMATS, type AuditFormat } from '../api/output-types';
import { isMissingEndpoint } from './Unavailable';

const LABEL: Record<AuditFormat, string> = { json: 'JSON', csv: 'CSV (every hit)', html: 'HTML', pdf: 'PDF' };

/** One button per export format of an audit. */
export function AuditDownloads({ id }: { id: string }) {
  const [busy, setBusy] = useState<AuditFormat | null>(null);
  const [message, setMessage] = useState<{ text: string; failed: boolean } | null>(null);
  const get = (format: AuditFormat) => {
    setBusy(format);
    setMessage(null);
    downloadExport(`/audits/${id}/export?format=${format}`, `memfleet-audit-${id}.${format}`)
      .then(
        (name) => setMessage({ text: `Downloaded ${name}.`, failed: false }),
        (err: unknown) =>
          setMessage({ text: isMissingEndpoint(err) ? `The ${format} export is not available on this server.` : describeError(err), failed: true }),
      )
      .finally(() => setBusy(null));
  };
  return (
    <div className="downloads row" role="group" aria-label="Download this audit">
      <span className="muted">Download:</span>
      {AUDIT_FORMATS.map((f) => (
        <button key={f} type="button" onClick={() => get(f)} disabled={busy !== null}>
          {busy === f ? 'Preparing…' : LABEL[f]}
        </button>
      ))}
      {message && (
        <span role={message.failed ? 'alert' : 'status'} className={message.failed ? 'form-error' : 'muted small'}>
          {message.text}
        </span>
      )}
    </div>
  );
}
