import type { ImpactReport } from '../../core/impact/join';
import { formatNumber, t, tn } from '../../i18n/i18n';
import { oneDecimal } from './format';
import { networkName } from './labels';

const conv = (n: number | null) => (n === null ? '—' : formatNumber(n));

/** Per persona: links shared, visits, conversions where the export has them, visits per share and the best network. */
export function PersonaTable({ report }: { report: ImpactReport }) {
  return (
    <div class="table-scroll">
      <table class="impact-table" aria-labelledby="by-persona-title">
        <caption id="by-persona-title">{t('impact_by_persona')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('impact_col_persona')}</th>
            <th scope="col">{t('impact_col_shares')}</th>
            <th scope="col">{t('impact_col_visits')}</th>
            {report.hasConversions && <th scope="col">{t('impact_col_conversions')}</th>}
            <th scope="col">{t('impact_col_per_share')}</th>
            <th scope="col">{t('impact_col_best_network')}</th>
          </tr>
        </thead>
        <tbody>
          {report.personas.map((p) => (
            <tr key={p.personaId}>
              <th scope="row" dir="auto">
                {p.name}
              </th>
              <td>{formatNumber(p.shares)}</td>
              <td>{formatNumber(p.visits)}</td>
              {report.hasConversions && <td>{conv(p.conversions)}</td>}
              <td>{oneDecimal(p.perShare)}</td>
              <td>{p.bestNetwork ? networkName(p.bestNetwork) : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Per network within each persona. */
export function NetworkTable({ report }: { report: ImpactReport }) {
  const rows = report.personas.flatMap((p) => p.networks.map((n) => ({ persona: p.name, id: p.personaId, ...n })));
  if (rows.length === 0) return null;
  return (
    <div class="table-scroll">
      <table class="impact-table" aria-labelledby="by-network-title">
        <caption id="by-network-title">{t('impact_by_network')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('impact_col_persona')}</th>
            <th scope="col">{t('impact_col_network')}</th>
            <th scope="col">{t('impact_col_shares')}</th>
            <th scope="col">{t('impact_col_visits')}</th>
            {report.hasConversions && <th scope="col">{t('impact_col_conversions')}</th>}
            <th scope="col">{t('impact_col_per_share')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={`${r.id}:${r.network}`}>
              <td dir="auto">{r.persona}</td>
              <th scope="row">{networkName(r.network)}</th>
              <td>{formatNumber(r.shares)}</td>
              <td>{formatNumber(r.visits)}</td>
              {report.hasConversions && <td>{conv(r.conversions)}</td>}
              <td>{oneDecimal(r.perShare)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Campaigns in the exports that match no persona: listed apart, with their visits. */
export function UnmatchedList({ report }: { report: ImpactReport }) {
  if (report.unmatched.length === 0) return null;
  return (
    <section class="panel" aria-labelledby="unmatched-title">
      <h2 id="unmatched-title">{t('impact_unmatched_title')}</h2>
      <p class="muted">{t('impact_unmatched_hint')}</p>
      <ul class="unmatched">
        {report.unmatched.map((u) => (
          <li key={u.campaign}>
            <span dir="auto">{u.campaign}</span> — {tn('impact_unmatched_visits', u.visits)}
          </li>
        ))}
      </ul>
    </section>
  );
}
