/** The sign-in form: the hub's refusal is shown as it is meant (wrong password, locked with its wait, busy). */
import { useState, type FormEvent } from 'react';
import { useI18n, type MessageKey } from '../i18n';
import { signIn, SignInFailed } from '../session';

export function SignInPage() {
  const { t, language, setLanguage } = useI18n();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      await signIn(username.trim(), password);
    } catch (error) {
      const failed = error instanceof SignInFailed ? error : new SignInFailed('ERROR', String(error));
      const known = ['INVALID_CREDENTIALS', 'LOCKED', 'BUSY', 'NETWORK'].includes(failed.code);
      setProblem(
        known
          ? t(`signIn.${failed.code}` as MessageKey, { seconds: failed.retryAfterSeconds ?? 60 })
          : t('signIn.other', { message: failed.message || failed.code }),
      );
      setPassword('');
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="sign-in" id="main">
      <form onSubmit={submit} aria-labelledby="sign-in-title">
        <h1 id="sign-in-title">
          {t('app.title')} · {t('signIn.title')}
        </h1>
        <label>
          {t('signIn.username')}
          <input
            name="username"
            autoComplete="username"
            required
            maxLength={64}
            value={username}
            onChange={(e) => setUsername(e.target.value)}
          />
        </label>
        <label>
          {t('signIn.password')}
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            required
            maxLength={1024}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        {problem && (
          <p className="state error" role="alert">
            {problem}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {busy ? t('signIn.busy') : t('signIn.submit')}
        </button>
        <p className="hint">{t('signIn.help')}</p>
        <button
          type="button"
          className="link"
          onClick={() => setLanguage(language === 'en' ? 'zh-CN' : 'en')}
        >
          {t('nav.language')}
        </button>
      </form>
    </main>
  );
}
