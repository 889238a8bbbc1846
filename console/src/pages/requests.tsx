/**
 * 共享申请: the requests the signed-in department filed ("My requests") and those it must decide as provider
 * ("To review"). A reviewer decides item by item; a refusal needs a reason. The review deadline (ten working days
 * after filing) counts down; overdue requests stand out.
 */
import { useMemo, useState, type FormEvent } from 'react';
import { graphql } from '../gql';
import type { SharingRequestsQuery } from '../gql/graphql';
import { useI18n } from '../i18n';
import { useQuery } from '../use-query';
import { run } from '../api';
import { Empty, Failed, Loading } from '../components/states';
import { LoadMore, useSubmit, TabBar } from '../components/forms';
import { daysBetween, formatTime, todayInChina } from '../dates';
import type { Person } from '../session';

const SharingRequests = graphql(`
  query SharingRequests($status: SharingRequestStatus, $after: String) {
    sharingRequests(status: $status, first: 50, after: $after) {
      nodes {
        id
        requester {
          code
          name
        }
        resource {
          code
          name
          provider {
            code
            name
          }
        }
        purpose
        legalBasis
        districtScope
        wantedFrom
        wantedUntil
        deadline
        status
        createdAt
        decidedAt
        items {
          coordinate
          decision
          reason
          reviewedBy
          reviewedAt
        }
        grant {
          id
          active
          clearSensitive
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
    directory {
      items {
        coordinate
        name
        sensitivity
      }
    }
  }
`);

const ReviewSharingRequest = graphql(`
  mutation ReviewSharingRequest($input: ReviewInput!) {
    reviewSharingRequest(input: $input) {
      id
      status
    }
  }
`);

type Request = NonNullable<SharingRequestsQuery['sharingRequests']>['nodes'][number];
type Tab = 'mine' | 'review';

export function RequestsPage({ person, tab }: { person: Person; tab: string | null }) {
  const { t } = useI18n();
  const current: Tab = tab === 'review' ? 'review' : 'mine';
  const [status, setStatus] = useState<'PENDING' | 'DECIDED' | ''>('');
  const [after, setAfter] = useState<string | null>(null);
  const query = useQuery(SharingRequests, { status: status || null, after });
  const names = useMemo(() => {
    const map = new Map<string, string>();
    for (const r of query.answer?.data?.directory ?? [])
      for (const i of r.items) map.set(i.coordinate, i.name);
    return map;
  }, [query.answer]);
  const department = person.departmentCode;
  const isAdmin = person.roles.includes('ADMIN');
  const all = query.answer?.data?.sharingRequests?.nodes ?? [];
  const shown = all.filter((r) =>
    current === 'mine'
      ? isAdmin || r.requester?.code === department
      : isAdmin || r.resource?.provider?.code === department,
  );
  const mayReview = isAdmin || person.roles.includes('REVIEWER');
  const pageInfo = query.answer?.data?.sharingRequests?.pageInfo;

  return (
    <section aria-labelledby="requests-title">
      <h1 id="requests-title">{t('nav.requests')}</h1>
      <TabBar
        page="requests"
        label={t('nav.requests')}
        tabs={[
          { tab: 'mine', label: t('requests.mine') },
          { tab: 'review', label: t('requests.toReview') },
        ]}
        current={current}
      />
      <div className="filters">
        <label>
          {t('requests.status')}
          <select
            aria-label={t('requests.status')}
            value={status}
            onChange={(e) => {
              setStatus(e.target.value as typeof status);
              setAfter(null);
            }}
          >
            <option value="">{t('catalogue.all')}</option>
            <option value="PENDING">{t('requests.PENDING')}</option>
            <option value="DECIDED">{t('requests.DECIDED')}</option>
          </select>
        </label>
      </div>
      {query.loading && <Loading />}
      {query.failure && <Failed failure={query.failure} retry={query.reload} />}
      {query.answer && shown.length === 0 && (
        <Empty>{t(current === 'mine' ? 'requests.noneMine' : 'requests.noneToReview')}</Empty>
      )}
      <ul className="requests">
        {shown.map((r) => (
          <RequestCard
            key={r.id}
            request={r}
            names={names}
            reviewing={current === 'review' && mayReview && r.status === 'PENDING'}
            onDecided={query.reload}
          />
        ))}
      </ul>
      {current === 'review' && !mayReview && <p className="hint">{t('requests.reviewerOnly')}</p>}
      <LoadMore pageInfo={pageInfo} onMore={setAfter} />
    </section>
  );
}

/** The deadline as a countdown: days left, due today, or days overdue (pending requests only). */
function Countdown({ request }: { request: Request }) {
  const { t } = useI18n();
  if (request.status !== 'PENDING') return null;
  const left = daysBetween(todayInChina(), request.deadline);
  const text =
    left > 0
      ? t('requests.daysLeft', { days: left })
      : left === 0
        ? t('requests.dueToday')
        : t('requests.overdue', { days: -left });
  return <span className={left < 0 ? 'badge overdue' : left <= 2 ? 'badge due-soon' : 'badge'}>{text}</span>;
}

function RequestCard({
  request,
  names,
  reviewing,
  onDecided,
}: {
  request: Request;
  names: ReadonlyMap<string, string>;
  reviewing: boolean;
  onDecided: () => void;
}) {
  const { t, language } = useI18n();
  const pending = request.items.filter((i) => i.decision === 'PENDING');
  const [decisions, setDecisions] = useState<Record<string, { approve: boolean | null; reason: string }>>({});
  const [clearSensitive, setClearSensitive] = useState(false);
  const chosen = Object.entries(decisions).filter(([, d]) => d.approve !== null);
  const {
    busy,
    problem,
    setProblem,
    submit: send,
  } = useSubmit(
    () =>
      run(ReviewSharingRequest, {
        input: {
          requestId: request.id,
          clearSensitive,
          decisions: chosen.map(([coordinate, d]) => ({
            coordinate,
            approve: d.approve!,
            reason: d.approve ? null : d.reason.trim(),
          })),
        },
      }),
    () => onDecided(),
  );
  const overdue = request.status === 'PENDING' && daysBetween(todayInChina(), request.deadline) < 0;

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!chosen.length) return setProblem(t('requests.chooseOne'));
    const missing = chosen.find(([, d]) => d.approve === false && !d.reason.trim());
    if (missing) return setProblem(t('requests.reasonNeeded', { item: names.get(missing[0]) ?? missing[0] }));
    void send();
  }

  const set = (coordinate: string, change: Partial<{ approve: boolean | null; reason: string }>) =>
    setDecisions((all) => ({
      ...all,
      [coordinate]: { ...(all[coordinate] ?? { approve: null, reason: '' }), ...change },
    }));

  return (
    <li className={overdue ? 'request overdue-card' : 'request'} data-request={request.id}>
      <div className="request-head">
        <strong>
          #{request.id} {request.resource?.name ?? ''}
        </strong>
        <span className={`badge status-${request.status}`}>{t(`requests.${request.status}`)}</span>
        <Countdown request={request} />
      </div>
      <dl className="facts">
        <dt>{t('requests.requester')}</dt>
        <dd>{request.requester?.name ?? '—'}</dd>
        <dt>{t('catalogue.provider')}</dt>
        <dd>{request.resource?.provider?.name ?? '—'}</dd>
        <dt>{t('request.purpose')}</dt>
        <dd>{request.purpose}</dd>
        <dt>{t('request.legalBasis')}</dt>
        <dd>{request.legalBasis}</dd>
        <dt>{t('catalogue.scope')}</dt>
        <dd>{request.districtScope?.join(', ') ?? t('catalogue.allDistricts')}</dd>
        <dt>{t('requests.filed')}</dt>
        <dd>{formatTime(request.createdAt, language)}</dd>
        <dt>{t('requests.deadline')}</dt>
        <dd>{request.deadline}</dd>
        {request.grant && (
          <>
            <dt>{t('requests.grant')}</dt>
            <dd>
              #{request.grant.id} · {t(request.grant.clearSensitive ? 'grants.clear' : 'grants.masked')}
            </dd>
          </>
        )}
      </dl>
      <form onSubmit={submit}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('catalogue.item')}</th>
              <th scope="col">{t('requests.decision')}</th>
              <th scope="col">{t('requests.reason')}</th>
            </tr>
          </thead>
          <tbody>
            {request.items.map((item) => {
              const label = names.get(item.coordinate) ?? item.coordinate;
              const choice = decisions[item.coordinate];
              return (
                <tr key={item.coordinate} data-coordinate={item.coordinate}>
                  <td>
                    {label} <code>{item.coordinate}</code>
                  </td>
                  <td>
                    {reviewing && item.decision === 'PENDING' ? (
                      <fieldset className="inline">
                        <legend className="visually-hidden">{label}</legend>
                        <label className="check">
                          <input
                            type="radio"
                            name={`${request.id}-${item.coordinate}`}
                            checked={choice?.approve === true}
                            onChange={() => set(item.coordinate, { approve: true })}
                          />
                          {t('requests.approve')}
                        </label>
                        <label className="check">
                          <input
                            type="radio"
                            name={`${request.id}-${item.coordinate}`}
                            checked={choice?.approve === false}
                            onChange={() => set(item.coordinate, { approve: false })}
                          />
                          {t('requests.refuse')}
                        </label>
                      </fieldset>
                    ) : (
                      <span className={`badge decision-${item.decision}`}>
                        {t(`requests.${item.decision}`)}
                      </span>
                    )}
                  </td>
                  <td>
                    {reviewing && choice?.approve === false ? (
                      <input
                        aria-label={t('requests.reasonFor', { item: label })}
                        required
                        maxLength={500}
                        value={choice.reason}
                        onChange={(e) => set(item.coordinate, { reason: e.target.value })}
                      />
                    ) : (
                      <>
                        {item.reason ?? ''}
                        {item.reviewedBy && (
                          <span className="hint">
                            {' '}
                            — {item.reviewedBy}, {formatTime(item.reviewedAt, language)}
                          </span>
                        )}
                      </>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {reviewing && pending.length > 0 && (
          <div className="actions">
            <label className="check">
              <input
                type="checkbox"
                checked={clearSensitive}
                onChange={(e) => setClearSensitive(e.target.checked)}
              />
              {t('requests.clearSensitive')}
            </label>
            {problem && (
              <span className="state error" role="alert">
                {problem}
              </span>
            )}
            <button type="submit" disabled={busy}>
              {t('requests.submitReview')}
            </button>
          </div>
        )}
      </form>
    </li>
  );
}
