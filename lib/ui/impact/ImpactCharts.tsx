import { useMemo } from 'preact/hooks';
import type { ImpactReport } from '../../core/impact/join';
import { formatDate, formatNumber, t } from '../../i18n/i18n';
import { Chart, ChartKey } from './Chart';
import { oneDecimal } from './format';
import { networkName } from './labels';

const weekLabel = (week: string) => formatDate(Date.parse(`${week}T12:00:00Z`));

/** Visits per share by network, all personas together: networks the person shared on. */
export function byNetwork(report: ImpactReport) {
  const acc = new Map<string, { shares: number; visits: number }>();
  for (const p of report.personas)
    for (const n of p.networks) {
      const a = acc.get(n.network) ?? { shares: 0, visits: 0 };
      a.shares += n.shares;
      a.visits += n.visits;
      acc.set(n.network, a);
    }
  return [...acc]
    .filter(([, a]) => a.shares > 0)
    .map(([network, a]) => ({ network, ...a, perShare: a.visits / a.shares }))
    .sort((x, y) => y.perShare - x.perShare);
}

/** The two charts, each followed by the table it draws (the alternative for screen readers and for reading figures). */
export function ImpactCharts({ report }: { report: ImpactReport }) {
  const weekly = useMemo(() => report.personas.filter((p) => p.visits > 0 || p.shares > 0).map((p) => ({ name: p.name, values: p.weekly.visits })), [report]);
  const networks = useMemo(() => byNetwork(report), [report]);
  const barSeries = useMemo(() => [{ name: t('impact_col_per_share'), values: networks.map((n) => Math.round(n.perShare * 10) / 10) }], [networks]);
  const barLabels = useMemo(() => networks.map((n) => networkName(n.network)), [networks]);
  return (
    <div class="charts">
      {report.weeks.length > 0 && weekly.length > 0 && (
        <figure class="panel" aria-labelledby="weekly-title">
          <figcaption id="weekly-title">{t('impact_chart_weekly')}</figcaption>
          <Chart kind="lines" labels={report.weeks} series={weekly} label={t('impact_chart_weekly_alt')} />
          <ChartKey names={weekly.map((s) => s.name)} />
          <details>
            <summary>{t('impact_show_table')}</summary>
            <div class="table-scroll">
              <table class="impact-table">
                <caption>{t('impact_chart_weekly')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('impact_col_week')}</th>
                    {weekly.map((s) => (
                      <th scope="col" key={s.name} dir="auto">
                        {s.name}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {report.weeks.map((w, i) => (
                    <tr key={w}>
                      <th scope="row">{weekLabel(w)}</th>
                      {weekly.map((s) => (
                        <td key={s.name}>{formatNumber(s.values[i] ?? 0)}</td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </details>
        </figure>
      )}
      {networks.length > 0 && (
        <figure class="panel" aria-labelledby="networks-title">
          <figcaption id="networks-title">{t('impact_chart_networks')}</figcaption>
          <Chart kind="bars" labels={barLabels} series={barSeries} label={t('impact_chart_networks_alt')} />
          <details>
            <summary>{t('impact_show_table')}</summary>
            <div class="table-scroll">
              <table class="impact-table">
                <caption>{t('impact_chart_networks')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('impact_col_network')}</th>
                    <th scope="col">{t('impact_col_shares')}</th>
                    <th scope="col">{t('impact_col_visits')}</th>
                    <th scope="col">{t('impact_col_per_share')}</th>
                  </tr>
                </thead>
                <tbody>
                  {networks.map((n) => (
                    <tr key={n.network}>
                      <th scope="row">{networkName(n.network)}</th>
                      <td>{formatNumber(n.shares)}</td>
                      <td>{formatNumber(n.visits)}</td>
                      <td>{oneDecimal(n.perShare)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </details>
        </figure>
      )}
    </div>
  );
}
