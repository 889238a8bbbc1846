/**
 * A chart with its data: the same rows drawn by ECharts, shown as a table, and exported as CSV. Masked values and
 * suppressed groups arrive from the hub as such and stay so in all three views.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { echarts, type ChartOption } from '../charts';
import { downloadCsv, toCsv, type Column } from '../csv';
import { useI18n } from '../i18n';
import { Empty } from './states';

export function ChartPanel<R>({
  id,
  title,
  option,
  rows,
  columns,
  fileName,
  note,
  height = 320,
}: {
  id: string;
  title: string;
  option: ChartOption;
  rows: readonly R[];
  columns: readonly Column<R>[];
  fileName: string;
  note?: ReactNode;
  height?: number;
}) {
  const { t } = useI18n();
  const [view, setView] = useState<'chart' | 'table'>('chart');
  return (
    <section className="chart-panel" aria-labelledby={`${id}-title`} data-chart={id}>
      <div className="chart-head">
        <h2 id={`${id}-title`}>{title}</h2>
        <div className="chart-tools" role="group" aria-label={title}>
          <button
            type="button"
            className="secondary"
            aria-pressed={view === 'chart'}
            onClick={() => setView('chart')}
          >
            {t('chart.chart')}
          </button>
          <button
            type="button"
            className="secondary"
            aria-pressed={view === 'table'}
            onClick={() => setView('table')}
          >
            {t('chart.table')}
          </button>
          <button
            type="button"
            className="secondary"
            disabled={!rows.length}
            onClick={() => downloadCsv(fileName, toCsv(columns, rows))}
          >
            {t('chart.csv')}
          </button>
        </div>
      </div>
      {note}
      {!rows.length ? (
        <Empty>{t('chart.empty')}</Empty>
      ) : view === 'chart' ? (
        <Chart option={option} height={height} label={title} />
      ) : (
        <div className="table-scroll">
          <table>
            <thead>
              <tr>
                {columns.map((c) => (
                  <th key={c.key} scope="col" className={c.numeric ? 'num' : undefined}>
                    {c.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((row, i) => (
                <tr key={i}>
                  {columns.map((c) => (
                    <td key={c.key} className={c.numeric ? 'num' : undefined}>
                      {c.value(row) ?? '—'}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** One ECharts instance on a canvas, resized with its box, disposed with the component. */
export function Chart({ option, height, label }: { option: ChartOption; height: number; label: string }) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<ReturnType<typeof echarts.init> | null>(null);
  useEffect(() => {
    const instance = echarts.init(box.current!, undefined, { renderer: 'canvas' });
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(box.current!);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption({ aria: { enabled: true }, animation: false, ...option }, true);
  }, [option]);
  return <div ref={box} className="chart" style={{ height }} role="img" aria-label={label} />;
}
