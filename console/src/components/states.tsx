/** The states every panel shares: loading, failed (with what to do next), empty, and a refused field. */
import type { ReactNode } from 'react';
import { useI18n } from '../i18n';
import type { HubError, RequestFailed } from '../api';
import { navigate } from '../router';

export function Loading() {
  const { t } = useI18n();
  return (
    <p className="state" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" /> {t('state.loading')}
    </p>
  );
}

export function Failed({ failure, retry }: { failure: RequestFailed; retry?: () => void }) {
  const { t } = useI18n();
  const message =
    failure.code === 'UNAUTHENTICATED'
      ? t('state.signedOut')
      : t('state.failed', { message: failure.message });
  return (
    <div className="state error" role="alert">
      <p>{message}</p>
      {retry && failure.code !== 'UNAUTHENTICATED' && (
        <button type="button" onClick={retry}>
          {t('state.retry')}
        </button>
      )}
    </div>
  );
}

export function Empty({ children }: { children?: ReactNode }) {
  const { t } = useI18n();
  return <p className="state">{children ?? t('state.empty')}</p>;
}

/** A field the hub refused: why, and a way to ask for it. */
export function Denied({ error }: { error: HubError }) {
  const { t } = useI18n();
  return (
    <div className="state denied" role="note">
      <p>{t('state.forbidden', { message: error.message })}</p>
      {error.extensions?.code === 'FORBIDDEN' && (
        <a
          href="/console/catalogue"
          onClick={(event) => {
            event.preventDefault();
            navigate('catalogue');
          }}
        >
          {t('state.requestAccess')}
        </a>
      )}
    </div>
  );
}
