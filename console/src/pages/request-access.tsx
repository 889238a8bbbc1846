/**
 * "Request access" (申请共享): items, purpose, legal basis, district scope and period, filed as a sharing request
 * that the provider's reviewers decide item by item.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { graphql } from '../gql';
import { useSubmit, Problem, toggled } from '../components/forms';
import { useI18n } from '../i18n';
import { run } from '../api';
import { useQuery } from '../use-query';
import type { CatalogueAccessQuery } from '../gql/graphql';

/** One resource of the catalogue page, with the signed-in department's access to each item. */
export type CatalogueEntry = NonNullable<CatalogueAccessQuery['myAccess']>[number];

const Districts = graphql(`
  query Districts {
    regions {
      code
      name
      kind
    }
  }
`);

const RequestAccess = graphql(`
  mutation RequestAccess($input: RequestAccessInput!) {
    requestAccess(input: $input) {
      id
      deadline
    }
  }
`);

/** A date input's value (local day) as the start of that day in China Standard Time. */
export function dayStart(day: string): string | undefined {
  return day ? `${day}T00:00:00+08:00` : undefined;
}

export function RequestAccessDialog({
  entry,
  onClose,
}: {
  entry: CatalogueEntry;
  onClose: (filed: boolean) => void;
}) {
  const { t } = useI18n();
  const dialog = useRef<HTMLDialogElement>(null);
  const regions = useQuery(Districts, {});
  const requestable = entry.items.filter((i) => i.access === 'REQUESTABLE');
  const [items, setItems] = useState<Set<string>>(() => new Set(requestable.map((i) => i.item.coordinate)));
  const [purpose, setPurpose] = useState('');
  const [legalBasis, setLegalBasis] = useState(entry.resource.legalBasis);
  const [districts, setDistricts] = useState<Set<string>>(new Set());
  const [from, setFrom] = useState('');
  const [until, setUntil] = useState('');
  const {
    busy,
    problem,
    setProblem,
    submit: send,
  } = useSubmit(
    () =>
      run(RequestAccess, {
        input: {
          resourceCode: entry.resource.code,
          items: [...items],
          purpose: purpose.trim(),
          legalBasis: legalBasis.trim(),
          districtScope: districts.size ? [...districts] : null,
          wantedFrom: dayStart(from),
          wantedUntil: dayStart(until),
        },
      }),
    (data) => setFiled(data.requestAccess!),
  );
  const [filed, setFiled] = useState<{ id: string; deadline: string } | null>(null);

  useEffect(() => {
    dialog.current?.showModal();
  }, []);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!items.size) return setProblem(t('request.needItems'));
    void send();
  }

  const districtOptions = (regions.answer?.data?.regions ?? []).filter((r) => r.kind !== 'CITY');
  return (
    <dialog ref={dialog} className="dialog" aria-labelledby="request-title" onClose={() => onClose(!!filed)}>
      <form method="dialog" onSubmit={filed ? undefined : submit}>
        <h2 id="request-title">{t('request.title', { resource: entry.resource.name })}</h2>
        {filed ? (
          <p role="status">{t('request.sent', { id: filed.id, deadline: filed.deadline })}</p>
        ) : (
          <>
            <fieldset>
              <legend>{t('request.items')}</legend>
              {requestable.map((i) => (
                <label key={i.item.coordinate} className="check">
                  <input
                    type="checkbox"
                    checked={items.has(i.item.coordinate)}
                    onChange={() => setItems(toggled(items, i.item.coordinate))}
                  />
                  {i.item.name} <code>{i.item.coordinate}</code>
                </label>
              ))}
            </fieldset>
            <label>
              {t('request.purpose')}
              <textarea
                required
                maxLength={500}
                value={purpose}
                onChange={(e) => setPurpose(e.target.value)}
              />
            </label>
            <label>
              {t('request.legalBasis')}
              <input
                required
                maxLength={500}
                value={legalBasis}
                onChange={(e) => setLegalBasis(e.target.value)}
              />
            </label>
            <fieldset>
              <legend>{t('request.districts')}</legend>
              <div className="check-grid">
                {districtOptions.map((r) => (
                  <label key={r.code} className="check">
                    <input
                      type="checkbox"
                      checked={districts.has(r.code!)}
                      onChange={() => setDistricts(toggled(districts, r.code!))}
                    />
                    {r.name}
                  </label>
                ))}
              </div>
            </fieldset>
            <div className="row">
              <label>
                {t('request.from')}
                <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
              </label>
              <label>
                {t('request.until')}
                <input type="date" value={until} onChange={(e) => setUntil(e.target.value)} />
              </label>
            </div>
            <Problem text={problem} />
          </>
        )}
        <div className="actions">
          {!filed && (
            <button type="submit" disabled={busy}>
              {t('request.submit')}
            </button>
          )}
          <button type="button" className="secondary" onClick={() => dialog.current?.close()}>
            {t(filed ? 'request.close' : 'request.cancel')}
          </button>
        </div>
      </form>
    </dialog>
  );
}
