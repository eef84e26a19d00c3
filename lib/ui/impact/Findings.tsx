import { findings, MIN_SHARES, type Finding } from '../../core/impact/findings';
import type { ImpactReport } from '../../core/impact/join';
import { formatDate, t } from '../../i18n/i18n';
import { oneDecimal } from './format';
import { networkName } from './labels';

/** A finding in plain words. */
export function findingText(f: Finding): string {
  switch (f.kind) {
    case 'persona-ratio':
      return t('finding_persona_ratio', f.better, oneDecimal(f.ratio), f.worse);
    case 'network-better':
      return t('finding_network_better', f.persona, networkName(f.better), networkName(f.worse), oneDecimal(f.ratio));
    case 'best-week':
      return t('finding_best_week', f.persona, formatDate(Date.parse(`${f.week}T12:00:00Z`)), f.visits);
  }
}

/** What the figures say, only where there are enough shares to say it; otherwise "not enough data yet". */
export function Findings({ report }: { report: ImpactReport }) {
  const found = findings(report);
  return (
    <section class="panel findings" aria-labelledby="findings-title">
      <h2 id="findings-title">{t('impact_findings_title')}</h2>
      {found.length === 0 ? (
        <p class="muted">{t('impact_not_enough_data', MIN_SHARES)}</p>
      ) : (
        <ul>
          {found.map((f, i) => (
            <li key={i} dir="auto">
              {findingText(f)}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
