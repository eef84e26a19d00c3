import type { AnalyticsRow } from './parse';

/**
 * An export's rows as columns, the way they are stored: each text once (campaigns, sources, days) and typed arrays
 * of indexes and counts. A 50,000-row export is then a few arrays to clone into IndexedDB and back, not 50,000 objects.
 */
export interface RowColumns {
  campaigns: string[];
  sources: string[];
  /** Days as "YYYY-MM-DD"; "" for a row without a date. */
  dates: string[];
  campaign: Uint32Array;
  source: Uint32Array;
  date: Uint32Array;
  visits: Float64Array;
  /** NaN where the export said nothing. */
  conversions: Float64Array;
}

function dictionary() {
  const values: string[] = [];
  const index = new Map<string, number>();
  return {
    values,
    id(value: string): number {
      let i = index.get(value);
      if (i === undefined) index.set(value, (i = values.push(value) - 1));
      return i;
    },
  };
}

export function toColumns(rows: readonly AnalyticsRow[]): RowColumns {
  const [campaigns, sources, dates] = [dictionary(), dictionary(), dictionary()];
  const n = rows.length;
  const out = { campaign: new Uint32Array(n), source: new Uint32Array(n), date: new Uint32Array(n), visits: new Float64Array(n), conversions: new Float64Array(n) };
  rows.forEach((r, i) => {
    out.campaign[i] = campaigns.id(r.campaign);
    out.source[i] = sources.id(r.source);
    out.date[i] = dates.id(r.date ?? '');
    out.visits[i] = r.visits;
    out.conversions[i] = r.conversions ?? NaN;
  });
  return { campaigns: campaigns.values, sources: sources.values, dates: dates.values, ...out };
}

export function fromColumns(c: RowColumns): AnalyticsRow[] {
  const rows: AnalyticsRow[] = new Array(c.visits.length);
  for (let i = 0; i < rows.length; i++) {
    const conversions = c.conversions[i]!;
    rows[i] = {
      campaign: c.campaigns[c.campaign[i]!]!,
      source: c.sources[c.source[i]!]!,
      date: c.dates[c.date[i]!] || null,
      visits: c.visits[i]!,
      conversions: Number.isNaN(conversions) ? null : conversions,
    };
  }
  return rows;
}
