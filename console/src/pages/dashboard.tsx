/**
 * 决策支持: the decision dashboard. Revenue by district, industry, tax type and month; an indicator's series for a
 * district over the years; key projects and their progress; supervised tasks by status. Every chart has its table
 * and CSV of exactly what the signed-in person may read: suppressed groups (fewer than 3 enterprises) and refused
 * fields stay so, with the reason shown.
 */
import { useMemo, useState } from 'react';
import { graphql } from '../gql';
import type { DashboardRevenueQuery, DashboardStaticQuery } from '../gql/graphql';
import { useI18n, type MessageKey } from '../i18n';
import { useQuery } from '../use-query';
import { errorAt, type Answer } from '../api';
import { ChartPanel } from '../components/chart-panel';
import { Denied, Failed, Loading } from '../components/states';
import type { Column } from '../csv';
import type { ChartOption } from '../charts';

const DashboardStatic = graphql(`
  query DashboardStatic {
    years: revenueSummary(groupBy: [YEAR]) {
      year
    }
    regions {
      code
      name
      kind
    }
    indicators(first: 100) {
      nodes {
        code
        name
        unit
      }
    }
    keyProjects(first: 100) {
      nodes {
        id
        name
        status
        totalInvestment
        completedInvestment
        district {
          name
        }
      }
    }
    supervisionProgress {
      status
      count
    }
  }
`);

const DashboardRevenue = graphql(`
  query DashboardRevenue($from: String!, $to: String!) {
    byDistrict: revenueSummary(groupBy: [DISTRICT], from: $from, to: $to) {
      district {
        code
        name
      }
      ...RevenueMeasures
    }
    byIndustry: revenueSummary(groupBy: [INDUSTRY], from: $from, to: $to) {
      industry {
        code
        name
      }
      ...RevenueMeasures
    }
    byTaxType: revenueSummary(groupBy: [TAX_TYPE], from: $from, to: $to) {
      taxType
      ...RevenueMeasures
    }
    byMonth: revenueSummary(groupBy: [PERIOD], from: $from, to: $to) {
      period
      ...RevenueMeasures
    }
  }

  fragment RevenueMeasures on RevenueGroup {
    totalAmount
    paymentCount
    enterpriseCount
    suppressed
    suppressionReason
  }
`);

const DashboardSeries = graphql(`
  query DashboardSeries($indicator: ID!, $region: ID!) {
    indicatorSeries(indicatorCodes: [$indicator], regionCodes: [$region]) {
      indicator {
        name
        unit
      }
      points {
        period
        value
      }
    }
  }
`);

type Revenue = NonNullable<DashboardRevenueQuery['byDistrict']>[number] & {
  label?: string;
};
type Project = NonNullable<DashboardStaticQuery['keyProjects']>['nodes'][number];

/** 万元 with two decimals, from yuan. */
const tenThousands = (yuan: number | null | undefined) =>
  yuan == null ? null : Math.round(yuan / 100) / 100;

export function DashboardPage() {
  const { t } = useI18n();
  const statics = useQuery(DashboardStatic, {});
  const data = statics.answer?.data;
  const years = useMemo(
    () => [...new Set((data?.years ?? []).map((y) => y.year).filter((y): y is number => y != null))].sort(),
    [data],
  );
  const [chosenYear, setYear] = useState<number | null>(null);
  const year = chosenYear ?? years[years.length - 1] ?? null;
  const districts = (data?.regions ?? []).filter((r) => r.code);
  const [region, setRegion] = useState('370200');
  const indicators = data?.indicators?.nodes ?? [];
  const [indicator, setIndicator] = useState('A01');

  if (statics.loading) return <Loading />;
  if (statics.failure) return <Failed failure={statics.failure} retry={statics.reload} />;
  return (
    <section aria-labelledby="dashboard-title">
      <h1 id="dashboard-title">{t('nav.dashboard')}</h1>
      <div className="filters">
        <label>
          {t('dashboard.year')}
          <select
            aria-label={t('dashboard.year')}
            value={year ?? ''}
            onChange={(e) => setYear(Number(e.target.value))}
          >
            {years.map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('dashboard.region')}
          <select
            aria-label={t('dashboard.region')}
            value={region}
            onChange={(e) => setRegion(e.target.value)}
          >
            {districts.map((r) => (
              <option key={r.code} value={r.code!}>
                {r.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('dashboard.indicator')}
          <select
            aria-label={t('dashboard.indicator')}
            value={indicator}
            onChange={(e) => setIndicator(e.target.value)}
          >
            {indicators.map((i) => (
              <option key={i.code} value={i.code!}>
                {i.name}
              </option>
            ))}
          </select>
        </label>
      </div>
      {year === null && statics.answer && <Refused answer={statics.answer} path={['years']} />}
      {year !== null && <RevenuePanels year={year} />}
      <div className="grid-2">
        <SeriesPanel
          indicator={indicator}
          region={region}
          regionName={districts.find((d) => d.code === region)?.name ?? region}
        />
        <ProjectsPanel answer={statics.answer!} />
        <TasksPanel answer={statics.answer!} />
      </div>
    </section>
  );
}

/** Why a panel has nothing: the hub's refusal of its field, with the way to ask for access. */
function Refused({ answer, path }: { answer: Answer<unknown>; path: string[] }) {
  const error = errorAt(answer.errors, ...path) ?? answer.errors.find((e) => e.path?.[0] === path[0]);
  return error ? <Denied error={error} /> : null;
}

function RevenuePanels({ year }: { year: number }) {
  const { t } = useI18n();
  const revenue = useQuery(DashboardRevenue, { from: `${year}-01`, to: `${year}-12` });
  if (revenue.loading) return <Loading />;
  if (revenue.failure) return <Failed failure={revenue.failure} retry={revenue.reload} />;
  const answer = revenue.answer!;
  const data = answer.data;
  const panels: {
    id: string;
    key: 'byDistrict' | 'byIndustry' | 'byTaxType' | 'byMonth';
    title: MessageKey;
    kind: 'bar' | 'pie' | 'line' | 'hbar';
    label: (g: any) => string;
  }[] = [
    {
      id: 'revenue-district',
      key: 'byDistrict',
      title: 'dashboard.byDistrict',
      kind: 'bar',
      label: (g) => g.district?.name ?? g.district?.code ?? '—',
    },
    {
      id: 'revenue-industry',
      key: 'byIndustry',
      title: 'dashboard.byIndustry',
      kind: 'hbar',
      label: (g) => g.industry?.name ?? g.industry?.code ?? '—',
    },
    {
      id: 'revenue-tax-type',
      key: 'byTaxType',
      title: 'dashboard.byTaxType',
      kind: 'pie',
      label: (g) => (g.taxType ? t(`tax.${g.taxType}` as MessageKey) : '—'),
    },
    {
      id: 'revenue-month',
      key: 'byMonth',
      title: 'dashboard.byMonth',
      kind: 'line',
      label: (g) => g.period ?? '—',
    },
  ];
  return (
    <div className="grid-2">
      {panels.map((p) => {
        const groups = ((data?.[p.key] ?? []) as Revenue[]).map((g) => ({ ...g, label: p.label(g) }));
        const columns: Column<Revenue>[] = [
          { key: 'group', label: t(p.title), value: (g) => g.label ?? '—' },
          {
            key: 'total',
            label: t('dashboard.total'),
            value: (g) => tenThousands(g.totalAmount),
            numeric: true,
          },
          {
            key: 'payments',
            label: t('dashboard.payments'),
            value: (g) => g.paymentCount ?? null,
            numeric: true,
          },
          {
            key: 'enterprises',
            label: t('dashboard.enterprises'),
            value: (g) => g.enterpriseCount ?? null,
            numeric: true,
          },
          {
            key: 'suppressed',
            label: t('dashboard.suppressed'),
            value: (g) => (g.suppressed ? (g.suppressionReason ?? t('dashboard.suppressedYes')) : ''),
          },
        ];
        const shown = groups.filter((g) => !g.suppressed);
        const suppressed = groups.length - shown.length;
        return (
          <ChartPanel
            key={p.id}
            id={p.id}
            title={`${t(p.title)} · ${year}`}
            option={revenueOption(p.kind, shown)}
            rows={groups}
            columns={columns}
            fileName={`${p.id}-${year}.csv`}
            height={p.kind === 'hbar' ? Math.max(320, shown.length * 20 + 60) : 320}
            note={
              <>
                <Refused answer={answer} path={[p.key]} />
                {suppressed > 0 && (
                  <p className="hint">{t('dashboard.suppressedNote', { count: suppressed })}</p>
                )}
              </>
            }
          />
        );
      })}
    </div>
  );
}

function revenueOption(kind: 'bar' | 'pie' | 'line' | 'hbar', groups: readonly Revenue[]): ChartOption {
  const labels = groups.map((g) => g.label ?? '—');
  const values = groups.map((g) => tenThousands(g.totalAmount));
  const tooltip = { trigger: kind === 'pie' ? 'item' : 'axis' };
  if (kind === 'pie') {
    return {
      tooltip,
      series: [
        {
          type: 'pie',
          radius: ['35%', '70%'],
          data: groups.map((g, i) => ({ name: labels[i], value: values[i] })),
        },
      ],
    };
  }
  const category = {
    type: 'category',
    data: labels,
    axisLabel: { interval: 0, rotate: kind === 'bar' ? 30 : 0 },
  };
  const value = { type: 'value', name: '万元' };
  return {
    tooltip,
    grid: { left: kind === 'hbar' ? 160 : 64, right: 24, top: 32, bottom: kind === 'bar' ? 72 : 32 },
    xAxis: kind === 'hbar' ? value : category,
    yAxis:
      kind === 'hbar'
        ? { ...category, inverse: true, axisLabel: { width: 150, overflow: 'truncate' } }
        : value,
    series: [{ type: kind === 'line' ? 'line' : 'bar', data: values, barMaxWidth: 32 }],
  };
}

function SeriesPanel({
  indicator,
  region,
  regionName,
}: {
  indicator: string;
  region: string;
  regionName: string;
}) {
  const { t } = useI18n();
  const series = useQuery(DashboardSeries, { indicator, region });
  const first = series.answer?.data?.indicatorSeries?.[0];
  const points = first?.points ?? [];
  const option = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: 'axis' },
      grid: { left: 64, right: 24, top: 32, bottom: 32 },
      xAxis: { type: 'category', data: points.map((p) => p.period) },
      yAxis: { type: 'value', name: first?.indicator?.unit ?? '' },
      series: [{ type: 'line', data: points.map((p) => p.value), smooth: true }],
    }),
    [points, first],
  );
  type Point = (typeof points)[number];
  const columns: Column<Point>[] = [
    { key: 'period', label: t('dashboard.period'), value: (p) => p.period ?? null },
    {
      key: 'value',
      label: `${first?.indicator?.name ?? indicator} (${first?.indicator?.unit ?? ''})`,
      value: (p) => p.value ?? null,
      numeric: true,
    },
  ];
  if (series.failure) return <Failed failure={series.failure} retry={series.reload} />;
  return (
    <ChartPanel
      id="indicator-series"
      title={t('dashboard.series', { indicator: first?.indicator?.name ?? indicator, region: regionName })}
      option={option}
      rows={points}
      columns={columns}
      fileName={`indicator-${indicator}-${region}.csv`}
      note={series.answer ? <Refused answer={series.answer} path={['indicatorSeries']} /> : <Loading />}
    />
  );
}

function ProjectsPanel({ answer }: { answer: Answer<DashboardStaticQuery> }) {
  const { t } = useI18n();
  const projects = answer.data?.keyProjects?.nodes ?? [];
  const progress = (p: Project) =>
    p.totalInvestment && p.completedInvestment != null
      ? Math.round((p.completedInvestment / p.totalInvestment) * 1000) / 10
      : null;
  const option: ChartOption = {
    tooltip: { trigger: 'axis' },
    grid: { left: 180, right: 24, top: 16, bottom: 32 },
    xAxis: { type: 'value', max: 100, name: '%' },
    yAxis: {
      type: 'category',
      inverse: true,
      data: projects.map((p) => p.name ?? '—'),
      axisLabel: { width: 170, overflow: 'truncate' },
    },
    series: [{ type: 'bar', data: projects.map(progress), barMaxWidth: 16 }],
  };
  const columns: Column<Project>[] = [
    { key: 'name', label: t('dashboard.project'), value: (p) => p.name ?? null },
    { key: 'district', label: t('dashboard.region'), value: (p) => p.district?.name ?? null },
    {
      key: 'status',
      label: t('dashboard.status'),
      value: (p) => (p.status ? t(`project.${p.status}` as MessageKey) : null),
    },
    {
      key: 'total',
      label: t('dashboard.totalInvestment'),
      value: (p) => p.totalInvestment ?? null,
      numeric: true,
    },
    {
      key: 'completed',
      label: t('dashboard.completedInvestment'),
      value: (p) => p.completedInvestment ?? null,
      numeric: true,
    },
    { key: 'progress', label: t('dashboard.progress'), value: progress, numeric: true },
  ];
  return (
    <ChartPanel
      id="key-projects"
      title={t('dashboard.projects')}
      option={option}
      rows={projects}
      columns={columns}
      fileName="key-projects.csv"
      height={Math.max(240, projects.length * 22)}
      note={<Refused answer={answer} path={['keyProjects']} />}
    />
  );
}

function TasksPanel({ answer }: { answer: Answer<DashboardStaticQuery> }) {
  const { t } = useI18n();
  const counts = answer.data?.supervisionProgress ?? [];
  type Count = (typeof counts)[number];
  const option: ChartOption = {
    tooltip: { trigger: 'item' },
    legend: { bottom: 0 },
    series: [
      {
        type: 'pie',
        radius: ['35%', '65%'],
        data: counts.map((c) => ({
          name: c.status ? t(`task.${c.status}` as MessageKey) : '—',
          value: c.count,
        })),
      },
    ],
  };
  const columns: Column<Count>[] = [
    {
      key: 'status',
      label: t('dashboard.status'),
      value: (c) => (c.status ? t(`task.${c.status}` as MessageKey) : null),
    },
    { key: 'count', label: t('dashboard.count'), value: (c) => c.count ?? null, numeric: true },
  ];
  return (
    <ChartPanel
      id="supervised-tasks"
      title={t('dashboard.tasks')}
      option={option}
      rows={counts}
      columns={columns}
      fileName="supervised-tasks.csv"
      note={<Refused answer={answer} path={['supervisionProgress']} />}
    />
  );
}
