import { slug } from '../handoff/utm';
import type { AnalyticsRow } from './parse';

/** What the join needs of a share (lib/store/shares `ShareRecord`). */
export interface ShareFact {
  personaId: string | null;
  personaName: string;
  /** The utm_campaign the link carried (the persona's slug at the time). */
  campaign: string;
  /** utm_source: the target (buffer, x, linkedin…), or copy, card, export. */
  network: string;
  at: number;
}

/** What the join needs of an import: its rows, oldest import first (a later one replaces an earlier one's rows). */
export interface ImportFact {
  at: number;
  range: { start: string; end: string } | null;
  rows: readonly AnalyticsRow[];
}

export interface Figures {
  shares: number;
  visits: number;
  /** Null when no row the figures come from said (the export has no conversions column). */
  conversions: number | null;
}

export interface NetworkImpact extends Figures {
  network: string;
  perShare: number | null;
}

export interface PersonaImpact extends Figures {
  personaId: string;
  name: string;
  perShare: number | null;
  bestNetwork: string | null;
  networks: NetworkImpact[];
  /** Visits and shares per week ("YYYY-MM-DD" of its Monday), in the order of `ImpactReport.weeks`. */
  weekly: { shares: number[]; visits: number[] };
}

export interface ImpactReport {
  personas: PersonaImpact[];
  /** Campaigns in the exports that match no persona: listed apart, never dropped. */
  unmatched: { campaign: string; visits: number; conversions: number | null }[];
  weeks: string[];
  hasConversions: boolean;
}

/** The Monday of the UTC week a day ("YYYY-MM-DD") or a time (ms) falls in. */
export function weekOf(day: string | number): string {
  const d = typeof day === 'number' ? new Date(day) : new Date(`${day}T00:00:00Z`);
  const monday = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - ((d.getUTCDay() + 6) % 7)));
  return monday.toISOString().slice(0, 10);
}

/** Every week from the first to the last of these (Mondays), none skipped: a quiet week is a zero, not a gap. At most 10 years. */
export function weekRange(weeks: readonly string[]): string[] {
  if (weeks.length === 0) return [];
  const sorted = [...weeks].sort();
  const out: string[] = [];
  const last = Date.parse(`${sorted[sorted.length - 1]}T00:00:00Z`);
  for (let t = Date.parse(`${sorted[0]}T00:00:00Z`); t <= last && out.length < 522; t += 7 * 86_400_000) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

/** Rows of every import, the same campaign, source and day counted once: a later import replaces what an earlier one said. */
export function mergeRows(imports: readonly ImportFact[]): AnalyticsRow[] {
  const merged = new Map<string, AnalyticsRow>();
  for (const imp of [...imports].sort((a, b) => a.at - b.at)) {
    const own = new Map<string, AnalyticsRow>();
    for (const row of imp.rows) {
      const key = `${slug(row.campaign)}\u0000${row.source.toLowerCase()}\u0000${row.date ?? `${imp.range?.start ?? ''}..${imp.range?.end ?? ''}`}`;
      const had = own.get(key);
      // The same key twice in one file (another dimension split it): its parts add up.
      own.set(key, had ? { ...had, visits: had.visits + row.visits, conversions: had.conversions === null && row.conversions === null ? null : (had.conversions ?? 0) + (row.conversions ?? 0) } : row);
    }
    for (const [key, row] of own) merged.set(key, row);
  }
  return [...merged.values()];
}

const perShare = (f: Figures) => (f.shares > 0 ? f.visits / f.shares : null);
const addConversions = (a: number | null, b: number | null) => (a === null && b === null ? null : (a ?? 0) + (b ?? 0));

/**
 * Joins the share log with the imported exports. A campaign is a persona's when it is the slug of the persona's
 * name now, or a campaign the share log recorded for it (so a persona renamed since keeps its old links' visits).
 * A network is the link's utm_source, which the export reports as the session source.
 */
export function buildReport(personas: readonly { id: string; name: string }[], shares: readonly ShareFact[], imports: readonly ImportFact[]): ImpactReport {
  const owner = new Map<string, string>();
  for (const s of shares) if (s.personaId && personas.some((p) => p.id === s.personaId)) owner.set(slug(s.campaign), s.personaId);
  // The current name wins over an old campaign another persona once used.
  for (const p of personas) owner.set(slug(p.name), p.id);

  const rows = mergeRows(imports);
  const weeks = weekRange([...rows.flatMap((r) => (r.date ? [weekOf(r.date)] : [])), ...shares.map((s) => weekOf(s.at))]);
  const weekIndex = new Map(weeks.map((w, i) => [w, i]));
  const hasConversions = rows.some((r) => r.conversions !== null);

  type Acc = Figures & { networks: Map<string, Figures>; weekly: { shares: number[]; visits: number[] } };
  const acc = new Map<string, Acc>(personas.map((p) => [p.id, { shares: 0, visits: 0, conversions: null, networks: new Map(), weekly: { shares: weeks.map(() => 0), visits: weeks.map(() => 0) } }]));
  const network = (a: Acc, name: string) => {
    let n = a.networks.get(name);
    if (!n) a.networks.set(name, (n = { shares: 0, visits: 0, conversions: null }));
    return n;
  };
  for (const s of shares) {
    const id = s.personaId && acc.has(s.personaId) ? s.personaId : owner.get(slug(s.campaign));
    const a = id ? acc.get(id) : undefined;
    if (!a) continue;
    a.shares++;
    network(a, s.network).shares++;
    a.weekly.shares[weekIndex.get(weekOf(s.at))!]!++;
  }
  const unmatched = new Map<string, { campaign: string; visits: number; conversions: number | null }>();
  for (const r of rows) {
    const id = owner.get(slug(r.campaign));
    const a = id ? acc.get(id) : undefined;
    if (!a) {
      const u = unmatched.get(r.campaign) ?? { campaign: r.campaign, visits: 0, conversions: null };
      u.visits += r.visits;
      u.conversions = addConversions(u.conversions, r.conversions);
      unmatched.set(r.campaign, u);
      continue;
    }
    a.visits += r.visits;
    a.conversions = addConversions(a.conversions, r.conversions);
    const n = network(a, r.source.toLowerCase());
    n.visits += r.visits;
    n.conversions = addConversions(n.conversions, r.conversions);
    if (r.date) a.weekly.visits[weekIndex.get(weekOf(r.date))!]! += r.visits;
  }

  const result: PersonaImpact[] = personas.map((p) => {
    const a = acc.get(p.id)!;
    const networks = [...a.networks]
      .map(([name, f]) => ({ network: name, ...f, perShare: perShare(f) }))
      .sort((x, y) => y.visits - x.visits || y.shares - x.shares || x.network.localeCompare(y.network));
    const best = networks.filter((n) => n.perShare !== null && n.visits > 0).sort((x, y) => y.perShare! - x.perShare!)[0];
    return { personaId: p.id, name: p.name, shares: a.shares, visits: a.visits, conversions: a.conversions, perShare: perShare(a), bestNetwork: best?.network ?? null, networks, weekly: a.weekly };
  });
  result.sort((x, y) => y.visits - x.visits || y.shares - x.shares || x.name.localeCompare(y.name));
  return { personas: result, unmatched: [...unmatched.values()].sort((x, y) => y.visits - x.visits), weeks, hasConversions };
}
