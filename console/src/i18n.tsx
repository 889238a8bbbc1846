/**
 * The console's two languages: Chinese (zh-CN) first, English on request. Every visible string goes through
 * `t(key)`; a key missing from a language falls back to Chinese, and a missing key shows itself (never blank).
 * The choice is kept in localStorage: it is a preference, not a secret.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { zh, en } from './messages';

export type Language = 'zh-CN' | 'en';
export type MessageKey = keyof typeof zh;

const catalogues: Record<Language, Partial<Record<MessageKey, string>>> = { 'zh-CN': zh, en };
const STORAGE_KEY = 'hub-console-language';

interface I18n {
  language: Language;
  setLanguage: (language: Language) => void;
  /** The message in the current language, with `{name}` placeholders filled from `params`. */
  t: (key: MessageKey, params?: Record<string, string | number>) => string;
}

const I18nContext = createContext<I18n | null>(null);

function initialLanguage(): Language {
  const stored = localStorage.getItem(STORAGE_KEY);
  return stored === 'en' || stored === 'zh-CN' ? stored : 'zh-CN';
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [language, setLanguageState] = useState<Language>(initialLanguage);
  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);
  const setLanguage = useCallback((next: Language) => {
    localStorage.setItem(STORAGE_KEY, next);
    setLanguageState(next);
  }, []);
  const t = useCallback(
    (key: MessageKey, params?: Record<string, string | number>) => {
      const text = catalogues[language][key] ?? zh[key] ?? key;
      return params
        ? text.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`))
        : text;
    },
    [language],
  );
  const value = useMemo(() => ({ language, setLanguage, t }), [language, setLanguage, t]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const i18n = useContext(I18nContext);
  if (!i18n) throw new Error('useI18n outside I18nProvider');
  return i18n;
}
