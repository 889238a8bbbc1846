/**
 * Asks for the reason of a change (every administrative change is logged with one) and confirms it. Shows what
 * the change will do, when the page knows (`consequence`), before the person confirms.
 */
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useI18n } from '../i18n';

export function ReasonDialog({
  title,
  consequence,
  confirmLabel,
  onConfirm,
  onClose,
}: {
  title: string;
  consequence?: ReactNode;
  confirmLabel: string;
  /** Performs the change; resolves to an error message to show, or null when done. */
  onConfirm: (reason: string) => Promise<string | null>;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const dialog = useRef<HTMLDialogElement>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => dialog.current?.showModal(), []);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    const failed = await onConfirm(reason.trim()).catch((error: Error) => error.message);
    setBusy(false);
    if (failed) setProblem(failed);
    else dialog.current?.close();
  }

  return (
    <dialog ref={dialog} className="dialog" aria-labelledby="reason-title" onClose={onClose}>
      <form onSubmit={submit}>
        <h2 id="reason-title">{title}</h2>
        {consequence}
        <label>
          {t('admin.reason')}
          <textarea required maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} />
        </label>
        {problem && (
          <p className="state error" role="alert">
            {problem}
          </p>
        )}
        <div className="actions">
          <button type="submit" disabled={busy}>
            {confirmLabel}
          </button>
          <button type="button" className="secondary" onClick={() => dialog.current?.close()}>
            {t('request.cancel')}
          </button>
        </div>
      </form>
    </dialog>
  );
}
