/**
 * 电子监察: supervision alerts, usage as a chart (requests, rows or denials per day by department or resource),
 * the audit trail with its filters, and verification of the hash chain.
 */
import { useMemo, useState } from 'react';
import { graphql } from '../gql';
import type { AuditOutcome, UsageQuery } from '../gql/graphql';
import { useI18n } from '../i18n';
import { useQuery } from '../use-query';
import { run, describe } from '../api';
import { Empty, Failed, Loading } from '../components/states';
import { LoadMore } from '../components/forms';
import { ChartPanel } from '../components/chart-panel';
import { formatTime, todayInChina } from '../dates';
import type { Column } from '../csv';

const Alerts = graphql(`
  query Alerts {
    supervisionAlerts {
      kind
      subject
      since
      details
    }
  }
`);

const Usage = graphql(`
  query Usage($from: DateTime!, $to: DateTime!) {
    usageStatistics(from: $from, to: $to) {
      day
      departmentCode
      department {
        name
      }
      resourceCode
      requests
      rows
      denials
    }
  }
`);

const AuditTrail = graphql(`
  query AuditTrail($filter: AuditFilter, $after: String) {
    auditRecords(filter: $filter, first: 50, after: $after) {
      nodes {
        seq
        requestId
        recordedAt
        clientId
        departmentCode
        department {
          name
        }
        endUser
        operationName
        operationType
        coordinatesReturned
        coordinatesMasked
        coordinatesDenied
        rowsPerResource {
          resourceCode
          rows
        }
        outcome
        httpStatus
        durationMs
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

const VerifyAudit = graphql(`
  query VerifyAudit {
    verifyAudit {
      checked
      changesChecked
      intact
      firstBrokenSeq
      reason
    }
  }
`);

const OUTCOMES: AuditOutcome[] = [
  'ANSWERED',
  'PARTLY_DENIED',
  'DENIED',
  'UNAUTHENTICATED',
  'MALFORMED',
  'OVER_LIMIT',
  'FAILED',
];

export function SupervisionPage() {
  const { t } = useI18n();
  return (
    <section aria-labelledby="supervision-title">
      <h1 id="supervision-title">{t('nav.supervision')}</h1>
      <p className="intro">{t('supervision.intro')}</p>
      <div className="grid-2">
        <AlertsPanel />
        <VerifyPanel />
      </div>
      <UsagePanel />
      <TrailPanel />
    </section>
  );
}

function AlertsPanel() {
  const { t, language } = useI18n();
  const alerts = useQuery(Alerts, {});
  const list = alerts.answer?.data?.supervisionAlerts;
  return (
    <section className="chart-panel" aria-labelledby="alerts-title">
      <h2 id="alerts-title">{t('supervision.alerts')}</h2>
      {alerts.loading && <Loading />}
      {alerts.failure && <Failed failure={alerts.failure} retry={alerts.reload} />}
      {alerts.answer && !list?.length && <Empty>{t('supervision.noAlerts')}</Empty>}
      {list && list.length > 0 && (
        <ul className="alerts">
          {list.map((a, i) => (
            <li key={i} className={`alert alert-${a.kind}`}>
              <strong>{t(`alert.${a.kind}`)}</strong> · {a.subject}
              <div className="hint">
                {formatTime(a.since, language)} — {a.details}
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function VerifyPanel() {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ text: string; intact: boolean } | null>(null);
  async function verify() {
    setBusy(true);
    setResult(null);
    try {
      const answer = await run(VerifyAudit, {});
      const v = answer.data?.verifyAudit;
      setResult(
        v
          ? {
              intact: v.intact,
              text: v.intact
                ? t('supervision.intact', { checked: v.checked, changes: v.changesChecked })
                : t('supervision.broken', { seq: v.firstBrokenSeq ?? '?', reason: v.reason ?? '' }),
            }
          : { intact: false, text: describe(answer.errors) },
      );
    } catch (error) {
      setResult({ intact: false, text: (error as Error).message });
    } finally {
      setBusy(false);
    }
  }
  return (
    <section className="chart-panel" aria-labelledby="verify-title">
      <h2 id="verify-title">{t('supervision.verify')}</h2>
      <p className="hint">{t('supervision.verifyHelp')}</p>
      <button type="button" onClick={verify} disabled={busy}>
        {t('supervision.verifyNow')}
      </button>
      {busy && <Loading />}
      {result && (
        <p role="status" className={result.intact ? 'state ok' : 'state error'} data-verified={result.intact}>
          {result.text}
        </p>
      )}
    </section>
  );
}

type UsageRow = NonNullable<UsageQuery['usageStatistics']>[number];
type Metric = 'requests' | 'rows' | 'denials';

function daysAgo(days: number): string {
  return new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
}

function UsagePanel() {
  const { t } = useI18n();
  const [metric, setMetric] = useState<Metric>('requests');
  const [by, setBy] = useState<'department' | 'resource'>('department');
  const [from] = useState(() => daysAgo(29));
  const to = todayInChina();
  const usage = useQuery(Usage, { from: `${from}T00:00:00+08:00`, to: `${to}T23:59:59+08:00` });
  const rows = useMemo(() => usage.answer?.data?.usageStatistics ?? [], [usage.answer]);
  const option = useMemo(() => {
    // Every day of the range, days without requests included.
    const days: string[] = [];
    for (
      let d = from;
      d <= to;
      d = new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)
    )
      days.push(d);
    const key = (r: UsageRow) =>
      by === 'department' ? (r.department?.name ?? r.departmentCode ?? '—') : r.resourceCode;
    const series = new Map<string, Map<string, number>>();
    for (const r of rows) {
      const name = key(r);
      if (!series.has(name)) series.set(name, new Map());
      const byDay = series.get(name)!;
      byDay.set(r.day, (byDay.get(r.day) ?? 0) + Number(r[metric]));
    }
    return {
      tooltip: { trigger: 'axis' },
      legend: { type: 'scroll', bottom: 0 },
      grid: { left: 48, right: 16, top: 16, bottom: 48 },
      xAxis: { type: 'category', data: days },
      yAxis: { type: 'value' },
      series: [...series].map(([name, byDay]) => ({
        name,
        type: 'bar',
        stack: 'total',
        barMaxWidth: 28,
        data: days.map((d) => byDay.get(d) ?? 0),
      })),
    };
  }, [rows, metric, by, from, to]);
  const columns: Column<UsageRow>[] = [
    { key: 'day', label: t('usage.day'), value: (r) => r.day },
    {
      key: 'department',
      label: t('usage.department'),
      value: (r) => r.department?.name ?? r.departmentCode ?? null,
    },
    { key: 'resource', label: t('catalogue.resource'), value: (r) => r.resourceCode },
    { key: 'requests', label: t('usage.requests'), value: (r) => r.requests, numeric: true },
    { key: 'rows', label: t('usage.rows'), value: (r) => r.rows, numeric: true },
    { key: 'denials', label: t('usage.denials'), value: (r) => r.denials, numeric: true },
  ];
  return (
    <div className="stack">
      <div className="filters">
        <label>
          {t('usage.metric')}
          <select
            aria-label={t('usage.metric')}
            value={metric}
            onChange={(e) => setMetric(e.target.value as Metric)}
          >
            <option value="requests">{t('usage.requests')}</option>
            <option value="rows">{t('usage.rows')}</option>
            <option value="denials">{t('usage.denials')}</option>
          </select>
        </label>
        <label>
          {t('usage.by')}
          <select
            aria-label={t('usage.by')}
            value={by}
            onChange={(e) => setBy(e.target.value as 'department' | 'resource')}
          >
            <option value="department">{t('usage.department')}</option>
            <option value="resource">{t('catalogue.resource')}</option>
          </select>
        </label>
      </div>
      {usage.failure && <Failed failure={usage.failure} retry={usage.reload} />}
      {usage.loading && <Loading />}
      {usage.answer && (
        <ChartPanel
          id="usage"
          title={t('usage.title', { from, to })}
          option={option}
          rows={rows}
          columns={columns}
          fileName={`usage-${from}-${to}.csv`}
        />
      )}
    </div>
  );
}

function TrailPanel() {
  const { t, language } = useI18n();
  const [department, setDepartment] = useState('');
  const [client, setClient] = useState('');
  const [resource, setResource] = useState('');
  const [coordinate, setCoordinate] = useState('');
  const [outcome, setOutcome] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [after, setAfter] = useState<string | null>(null);
  const filter = {
    departmentCode: department.trim() || null,
    clientId: client.trim() || null,
    resourceCode: resource.trim() || null,
    coordinate: coordinate.trim() || null,
    outcome: (outcome || null) as AuditOutcome | null,
    from: from ? `${from}T00:00:00+08:00` : null,
    to: to ? `${to}T23:59:59+08:00` : null,
  };
  const trail = useQuery(AuditTrail, { filter, after });
  const records = trail.answer?.data?.auditRecords?.nodes ?? [];
  const refilter =
    <T,>(set: (v: T) => void) =>
    (v: T) => {
      set(v);
      setAfter(null);
    };
  return (
    <section className="chart-panel trail" aria-labelledby="trail-title">
      <h2 id="trail-title">{t('supervision.trail')}</h2>
      <div className="filters">
        <label>
          {t('trail.department')}
          <input
            value={department}
            maxLength={20}
            onChange={(e) => refilter(setDepartment)(e.target.value)}
          />
        </label>
        <label>
          {t('trail.client')}
          <input value={client} maxLength={64} onChange={(e) => refilter(setClient)(e.target.value)} />
        </label>
        <label>
          {t('catalogue.resource')}
          <input value={resource} maxLength={64} onChange={(e) => refilter(setResource)(e.target.value)} />
        </label>
        <label>
          {t('catalogue.coordinate')}
          <input
            value={coordinate}
            maxLength={128}
            onChange={(e) => refilter(setCoordinate)(e.target.value)}
          />
        </label>
        <label>
          {t('trail.outcome')}
          <select
            aria-label={t('trail.outcome')}
            value={outcome}
            onChange={(e) => refilter(setOutcome)(e.target.value)}
          >
            <option value="">{t('catalogue.all')}</option>
            {OUTCOMES.map((o) => (
              <option key={o} value={o}>
                {t(`outcome.${o}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('request.from')}
          <input type="date" value={from} onChange={(e) => refilter(setFrom)(e.target.value)} />
        </label>
        <label>
          {t('trail.to')}
          <input type="date" value={to} onChange={(e) => refilter(setTo)(e.target.value)} />
        </label>
      </div>
      {trail.loading && <Loading />}
      {trail.failure && <Failed failure={trail.failure} retry={trail.reload} />}
      {trail.answer && !records.length && <Empty>{t('trail.none')}</Empty>}
      {records.length > 0 && (
        <div className="table-scroll tall">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('trail.time')}</th>
                <th scope="col">{t('trail.who')}</th>
                <th scope="col">{t('trail.operation')}</th>
                <th scope="col">{t('trail.outcome')}</th>
                <th scope="col">{t('trail.read')}</th>
                <th scope="col" className="num">
                  {t('usage.rows')}
                </th>
              </tr>
            </thead>
            <tbody>
              {records.map((r) => (
                <tr key={r.seq} data-seq={r.seq}>
                  <td>
                    {formatTime(r.recordedAt, language)}
                    <div className="hint">#{r.seq}</div>
                  </td>
                  <td>
                    {r.endUser ?? r.clientId ?? '—'}
                    <div className="hint">
                      {r.clientId} {r.department?.name ?? r.departmentCode ?? ''}
                    </div>
                  </td>
                  <td>
                    {r.operationName ?? r.operationType ?? '—'}
                    <div className="hint">{r.requestId}</div>
                  </td>
                  <td>
                    <span className={`badge outcome-${r.outcome}`}>{t(`outcome.${r.outcome}`)}</span>
                  </td>
                  <td className="coordinates">
                    <code>{r.coordinatesReturned.join(' ')}</code>
                    {r.coordinatesMasked.length > 0 && (
                      <div className="hint">
                        {t('trail.masked')}: <code>{r.coordinatesMasked.join(' ')}</code>
                      </div>
                    )}
                    {r.coordinatesDenied.length > 0 && (
                      <div className="hint">
                        {t('trail.denied')}: <code>{r.coordinatesDenied.join(' ')}</code>
                      </div>
                    )}
                  </td>
                  <td className="num">{r.rowsPerResource.reduce((n, x) => n + x.rows, 0)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <LoadMore pageInfo={trail.answer?.data?.auditRecords?.pageInfo} onMore={setAfter} />
    </section>
  );
}
