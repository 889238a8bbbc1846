/**
 * 资源目录: every resource and item with what the signed-in department may do with it (`myAccess`), filterable by
 * provider, share type, sensitivity and text; "request access" files a sharing request for requestable items.
 */
import { useMemo, useState } from 'react';
import { graphql } from '../gql';
import { useI18n, type MessageKey } from '../i18n';
import { useQuery } from '../use-query';
import { navigate } from '../router';
import { Empty, Failed, Loading } from '../components/states';
import { RequestAccessDialog, type CatalogueEntry } from './request-access';
import type { Person } from '../session';

const CatalogueAccess = graphql(`
  query CatalogueAccess {
    myAccess {
      resource {
        code
        name
        summary
        source
        shareType
        sharingConditions
        legalBasis
        updateCycle
        exampleQuery
        provider {
          code
          name
        }
      }
      items {
        access
        districtScope
        clearDistricts
        item {
          coordinate
          name
          shareType
          sensitivity
        }
      }
    }
  }
`);

const SHARE_TYPES = ['UNCONDITIONAL', 'CONDITIONAL', 'NOT_SHARED'] as const;
const SENSITIVITIES = ['PLAIN', 'PERSON_NAME', 'ID_NUMBER', 'PHONE', 'ADDRESS'] as const;

export function CataloguePage({ person }: { person: Person }) {
  const { t } = useI18n();
  const query = useQuery(CatalogueAccess, {});
  const [text, setText] = useState('');
  const [provider, setProvider] = useState('');
  const [shareType, setShareType] = useState('');
  const [sensitivity, setSensitivity] = useState('');
  const [open, setOpen] = useState<string | null>(null);
  const [requesting, setRequesting] = useState<CatalogueEntry | null>(null);

  const entries = useMemo(() => query.answer?.data?.myAccess ?? [], [query.answer]);
  const providers = useMemo(() => {
    const byCode = new Map<string, string>();
    for (const e of entries) {
      const p = e.resource.provider;
      if (p?.code) byCode.set(p.code, p.name ?? p.code);
    }
    return [...byCode].sort((a, b) => a[0].localeCompare(b[0]));
  }, [entries]);
  const shown = useMemo(() => {
    const needle = text.trim().toLowerCase();
    return entries
      .map((e) => ({
        ...e,
        items: e.items.filter(
          (i) =>
            (!shareType || i.item.shareType === shareType) &&
            (!sensitivity || i.item.sensitivity === sensitivity) &&
            (!needle ||
              `${e.resource.code} ${e.resource.name} ${e.resource.summary} ${i.item.name} ${i.item.coordinate}`
                .toLowerCase()
                .includes(needle)),
        ),
      }))
      .filter((e) => e.items.length && (!provider || e.resource.provider?.code === provider));
  }, [entries, text, provider, shareType, sensitivity]);
  const mayRequest = person.roles.some((r) => r === 'DEPARTMENT_STAFF' || r === 'REVIEWER');

  return (
    <section aria-labelledby="catalogue-title">
      <h1 id="catalogue-title">{t('catalogue.title')}</h1>
      <p className="intro">{t('catalogue.intro')}</p>
      <div className="filters" role="search">
        <label>
          {t('catalogue.search')}
          <input type="search" value={text} maxLength={100} onChange={(e) => setText(e.target.value)} />
        </label>
        <label>
          {t('catalogue.provider')}
          <select
            aria-label={t('catalogue.provider')}
            value={provider}
            onChange={(e) => setProvider(e.target.value)}
          >
            <option value="">{t('catalogue.all')}</option>
            {providers.map(([code, name]) => (
              <option key={code} value={code}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('catalogue.shareType')}
          <select
            aria-label={t('catalogue.shareType')}
            value={shareType}
            onChange={(e) => setShareType(e.target.value)}
          >
            <option value="">{t('catalogue.all')}</option>
            {SHARE_TYPES.map((s) => (
              <option key={s} value={s}>
                {t(`share.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('catalogue.sensitivity')}
          <select
            aria-label={t('catalogue.sensitivity')}
            value={sensitivity}
            onChange={(e) => setSensitivity(e.target.value)}
          >
            <option value="">{t('catalogue.all')}</option>
            {SENSITIVITIES.map((s) => (
              <option key={s} value={s}>
                {t(`sensitivity.${s}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {query.loading && <Loading />}
      {query.failure && <Failed failure={query.failure} retry={query.reload} />}
      {query.answer && (
        <>
          <p className="count" aria-live="polite">
            {t('catalogue.count', {
              resources: shown.length,
              items: shown.reduce((n, e) => n + e.items.length, 0),
            })}
          </p>
          {shown.length === 0 ? (
            <Empty>{t('catalogue.noMatch')}</Empty>
          ) : (
            <ul className="resources">
              {shown.map((entry) => {
                const r = entry.resource;
                const requestable = entry.items.filter((i) => i.access === 'REQUESTABLE').length;
                const expanded = open === r.code;
                return (
                  <li key={r.code} className="resource" data-resource={r.code}>
                    <div className="resource-head">
                      <button
                        type="button"
                        className="disclosure"
                        aria-expanded={expanded}
                        aria-controls={`items-${r.code}`}
                        onClick={() => setOpen(expanded ? null : r.code)}
                      >
                        <span className="code">{r.code}</span> {r.name}
                      </button>
                      <span className={`badge share-${r.shareType}`}>{t(`share.${r.shareType}`)}</span>
                      <span className="provider">{r.provider?.name ?? r.source}</span>
                      {requestable > 0 && (
                        <span className="badge requestable">
                          {t('catalogue.requestable', { count: requestable })}
                        </span>
                      )}
                      {r.exampleQuery && (
                        <a
                          className="try"
                          href={`/console/query?query=${encodeURIComponent(r.exampleQuery)}`}
                          onClick={(event) => {
                            event.preventDefault();
                            navigate('query', undefined, `?query=${encodeURIComponent(r.exampleQuery!)}`);
                          }}
                        >
                          {t('catalogue.tryIt')}
                        </a>
                      )}
                      {mayRequest && requestable > 0 && (
                        <button type="button" onClick={() => setRequesting(entry)}>
                          {t('catalogue.requestAccess')}
                        </button>
                      )}
                    </div>
                    <p className="summary">{r.summary}</p>
                    {expanded && (
                      <div id={`items-${r.code}`}>
                        <dl className="facts">
                          <dt>{t('catalogue.legalBasis')}</dt>
                          <dd>{r.legalBasis || '—'}</dd>
                          <dt>{t('catalogue.conditions')}</dt>
                          <dd>{r.sharingConditions || '—'}</dd>
                          <dt>{t('catalogue.updateCycle')}</dt>
                          <dd>{r.updateCycle}</dd>
                        </dl>
                        <table>
                          <thead>
                            <tr>
                              <th scope="col">{t('catalogue.item')}</th>
                              <th scope="col">{t('catalogue.coordinate')}</th>
                              <th scope="col">{t('catalogue.shareType')}</th>
                              <th scope="col">{t('catalogue.sensitivity')}</th>
                              <th scope="col">{t('catalogue.myAccess')}</th>
                              <th scope="col">{t('catalogue.scope')}</th>
                            </tr>
                          </thead>
                          <tbody>
                            {entry.items.map((i) => (
                              <tr key={i.item.coordinate} data-coordinate={i.item.coordinate}>
                                <td>{i.item.name}</td>
                                <td>
                                  <code>{i.item.coordinate}</code>
                                </td>
                                <td>{t(`share.${i.item.shareType}`)}</td>
                                <td>{t(`sensitivity.${i.item.sensitivity}` as MessageKey)}</td>
                                <td>
                                  <span className={`badge access-${i.access}`}>
                                    {t(`access.${i.access}`)}
                                  </span>
                                </td>
                                <td>
                                  {i.districtScope ? i.districtScope.join(', ') : t('catalogue.allDistricts')}
                                </td>
                              </tr>
                            ))}
                          </tbody>
                        </table>
                      </div>
                    )}
                  </li>
                );
              })}
            </ul>
          )}
        </>
      )}
      {requesting && (
        <RequestAccessDialog
          entry={requesting}
          onClose={(filed) => {
            setRequesting(null);
            if (filed) query.reload();
          }}
        />
      )}
    </section>
  );
}
