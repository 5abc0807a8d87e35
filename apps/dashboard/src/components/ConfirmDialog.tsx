import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { describeError } from '../api/client';
import { CopyButton } from './CopyButton';

/**
 * A modal confirmation for a destructive action: a real <dialog> (focus moves into it, Escape cancels,
 * the page behind is inert), labelled by its title and described by its text.
 */
export function ConfirmDialog({
  title,
  children,
  confirmLabel,
  onConfirm,
  onClose,
}: {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  onConfirm: () => Promise<void>;
  onClose: () => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);
  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      await onConfirm();
      onClose();
    } catch (err) {
      setError(describeError(err));
      setBusy(false);
    }
  };
  return (
    <dialog ref={ref} className="confirm-dialog" aria-labelledby={`${id}-title`} aria-describedby={`${id}-text`} onCancel={onClose}>
      <h2 id={`${id}-title`}>{title}</h2>
      <div id={`${id}-text`}>{children}</div>
      {error && (
        <p role="alert" className="form-error">
          {error}
        </p>
      )}
      <div className="row">
        <button type="button" className="danger" disabled={busy} onClick={() => void confirm()}>
          {confirmLabel}
        </button>
        <button type="button" autoFocus onClick={onClose}>
          Cancel
        </button>
      </div>
    </dialog>
  );
}

/** A secret the API shows once: the value, a copy button, and the warning that it will not be shown again. */
export function ShownOnce({ what, value, onDone }: { what: string; value: string; onDone: () => void }) {
  return (
    <div className="panel shown-once" role="status">
      <p>
        <strong>{what}</strong> — copy it now: it is shown this once and never again.
      </p>
      <p className="row">
        <code className="secret" data-testid="shown-once-secret">
          {value}
        </code>
        <CopyButton text={value} />
      </p>
      <button type="button" onClick={onDone}>
        Done, I have stored it
      </button>
    </div>
  );
}
