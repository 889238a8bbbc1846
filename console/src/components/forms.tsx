/** What the console's forms and lists share: submitting with its busy and refused states, pickers, "load more". */
import { useState, type FormEvent } from 'react';
import { useI18n } from '../i18n';
import { describe, type Answer } from '../api';
import { navigate, type Page } from '../router';

/**
 * Runs a form's change: `busy` while it runs; `problem` is the hub's refusal in words (or the failure's message)
 * when `action` resolves to an answer without data, or throws. `done` runs with the data on success.
 */
export function useSubmit<R>(action: () => Promise<Answer<R>>, done: (data: R) => void) {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  async function submit(event?: FormEvent) {
    event?.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      const answer = await action();
      const data = answer.data as Record<string, unknown> | null;
      // A change's answer is one field; null there means the hub refused it (its errors say why).
      if (data && Object.values(data).every((v) => v !== null)) done(answer.data as R);
      else setProblem(describe(answer.errors));
    } catch (error) {
      setProblem((error as Error).message);
    } finally {
      setBusy(false);
    }
  }
  return { busy, problem, setProblem, submit };
}

/** A refusal or failure under a form, announced to screen readers. */
export function Problem({ text }: { text: string | null }) {
  if (!text) return null;
  return (
    <p className="state error" role="alert">
      {text}
    </p>
  );
}

/** A labelled select of departments; "" is the empty choice (`emptyLabel`). */
export function DepartmentSelect({
  label,
  departments,
  value,
  onChange,
  emptyLabel = '—',
  required = false,
}: {
  label: string;
  departments: readonly { code?: string | null; name?: string | null }[];
  value: string;
  onChange: (code: string) => void;
  emptyLabel?: string;
  required?: boolean;
}) {
  return (
    <label>
      {label}
      <select aria-label={label} required={required} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{emptyLabel}</option>
        {departments.map((d) => (
          <option key={d.code} value={d.code ?? ''}>
            {d.name}
          </option>
        ))}
      </select>
    </label>
  );
}

/** The next page of a keyset-paged list, when there is one. */
export function LoadMore({
  pageInfo,
  onMore,
}: {
  pageInfo: { hasNextPage: boolean; endCursor?: string | null } | null | undefined;
  onMore: (cursor: string | null) => void;
}) {
  const { t } = useI18n();
  if (!pageInfo?.hasNextPage) return null;
  return (
    <button type="button" className="secondary" onClick={() => onMore(pageInfo.endCursor ?? null)}>
      {t('requests.more')}
    </button>
  );
}

/** A copy of `set` with `value` added, or removed if it was there: a checkbox group's next state. */
export function toggled<T>(set: ReadonlySet<T>, value: T): Set<T> {
  const next = new Set(set);
  if (!next.delete(value)) next.add(value);
  return next;
}

/** A page's tab bar: one tab per sub-page, the current one selected; choosing one navigates to it. */
export function TabBar({
  page,
  label,
  tabs,
  current,
}: {
  page: Page;
  label: string;
  tabs: readonly { tab: string; label: string }[];
  current: string;
}) {
  return (
    <div className="tabs" role="tablist" aria-label={label}>
      {tabs.map((x) => (
        <button
          key={x.tab}
          type="button"
          role="tab"
          aria-selected={current === x.tab}
          className={current === x.tab ? 'tab active' : 'tab'}
          onClick={() => navigate(page, x.tab)}
        >
          {x.label}
        </button>
      ))}
    </div>
  );
}
