import Papa from 'papaparse';
import type { ImpactReport } from '../core/impact/join';
import { FORMULA_START } from './csv';

const round = (n: number | null) => (n === null ? '' : Math.round(n * 100) / 100);

/**
 * The joined table as CSV: a row per persona (network "all"), then a row per network within it, then the campaigns
 * no persona matched. Formula-safe like the queue's export: a persona named "=HYPERLINK(…)" stays text.
 */
export function impactCsv(report: ImpactReport, now = new Date()): { filename: string; content: string } {
  const rows: Record<string, string | number>[] = [];
  for (const p of report.personas) {
    rows.push({
      persona: p.name,
      network: 'all',
      shares: p.shares,
      visits: p.visits,
      conversions: p.conversions ?? '',
      visits_per_share: round(p.perShare),
      best_network: p.bestNetwork ?? '',
      campaign_matched: 'yes',
    });
    for (const n of p.networks) {
      rows.push({
        persona: p.name,
        network: n.network,
        shares: n.shares,
        visits: n.visits,
        conversions: n.conversions ?? '',
        visits_per_share: round(n.perShare),
        best_network: '',
        campaign_matched: 'yes',
      });
    }
  }
  for (const u of report.unmatched) {
    rows.push({ persona: u.campaign, network: 'all', shares: '', visits: u.visits, conversions: u.conversions ?? '', visits_per_share: '', best_network: '', campaign_matched: 'no' });
  }
  const day = now.toISOString().slice(0, 10);
  const fields = ['persona', 'network', 'shares', 'visits', 'conversions', 'visits_per_share', 'best_network', 'campaign_matched'];
  return { filename: `impact-${day}.csv`, content: Papa.unparse({ fields, data: rows.map((r) => fields.map((f) => r[f] ?? '')) }, { newline: '\r\n', escapeFormulae: FORMULA_START }) };
}
