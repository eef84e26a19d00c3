import { slug } from '../handoff/utm';
import type { RowColumns } from './columns';

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

/**
 * Shares counted per persona, campaign, network and week: all the join needs of the log. The store keeps this tally
 * beside the log (lib/store/shares), so the Impact page reads a few hundred rows rather than every share.
 */
export interface ShareTally {
  personaId: string | null;
  campaign: string;
  network: string;
  /** The Monday of the week, "YYYY-MM-DD" (weekOf). */
  week: string;
  count: number;
}

/** What the join needs of an import: its rows, oldest import first (a later one replaces an earlier one's rows). */
export interface ImportFact {
  at: number;
  range: { start: string; end: string } | null;
  columns: RowColumns;
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

/** slug() remembered per campaign: an export names a few dozen campaigns in thousands of rows. */
function slugs(): (name: string) => string {
  const known = new Map<string, string>();
  return (name) => {
    let s = known.get(name);
    if (s === undefined) known.set(name, (s = slug(name)));
    return s;
  };
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

/** The rows of every import after merging, as columns of indexes into `campaigns`, `sources` and `days`. */
export interface MergedRows {
  campaigns: string[];
  sources: string[];
  /** A day "YYYY-MM-DD", or "" for a row without a date. */
  days: string[];
  campaign: number[];
  source: number[];
  day: number[];
  visits: number[];
  conversions: (number | null)[];
}

/**
 * Rows of every import, the same campaign (by slug), source and day counted once: a later import replaces what an
 * earlier one said, and the same key twice in one file (another dimension split it) adds up. Keys are numbers built
 * from each import's own dictionaries (lib/core/impact/columns): 50,000 rows merge without a string or an object each.
 */
export function mergeRows(imports: readonly ImportFact[]): MergedRows {
  const slugOf = slugs();
  const out: MergedRows = { campaigns: [], sources: [], days: [], campaign: [], source: [], day: [], visits: [], conversions: [] };
  const ids = { campaigns: new Map<string, number>(), sources: new Map<string, number>(), days: new Map<string, number>() };
  const idOf = (kind: 'campaigns' | 'sources' | 'days', key: string, shown: string) => {
    let id = ids[kind].get(key);
    if (id === undefined) ids[kind].set(key, (id = out[kind].push(shown) - 1));
    return id;
  };
  // First every import's dictionaries, so that the keys below are small integers.
  const sorted = [...imports].sort((a, b) => a.at - b.at);
  const global = sorted.map((imp) => {
    const c = imp.columns;
    const undated = `${imp.range?.start ?? ''}..${imp.range?.end ?? ''}`;
    return {
      campaign: c.campaigns.map((name) => idOf('campaigns', slugOf(name), name)),
      source: c.sources.map((name) => idOf('sources', name.toLowerCase(), name.toLowerCase())),
      day: c.dates.map((d) => idOf('days', d || undated, d)),
    };
  });
  const [S, D] = [out.sources.length, out.days.length];
  const size = out.campaigns.length * S * D;
  // A key's row: a flat table when the keys are few enough (a year of days × dozens of campaigns and sources), else a map.
  const table = size <= 1 << 22 ? new Int32Array(size).fill(-1) : null;
  const map = table ? null : new Map<number, number>();
  const from: number[] = [];
  sorted.forEach((imp, n) => {
    const c = imp.columns;
    const g = global[n]!;
    for (let i = 0; i < c.visits.length; i++) {
      const key = (g.campaign[c.campaign[i]!]! * S + g.source[c.source[i]!]!) * D + g.day[c.date[i]!]!;
      const conv = Number.isNaN(c.conversions[i]!) ? null : c.conversions[i]!;
      const row = table ? table[key]! : (map!.get(key) ?? -1);
      if (row < 0) {
        const added = out.visits.push(c.visits[i]!) - 1;
        if (table) table[key] = added;
        else map!.set(key, added);
        from.push(n);
        out.campaign.push(g.campaign[c.campaign[i]!]!);
        out.source.push(g.source[c.source[i]!]!);
        out.day.push(g.day[c.date[i]!]!);
        out.conversions.push(conv);
      } else if (from[row] === n) {
        out.visits[row]! += c.visits[i]!;
        out.conversions[row] = out.conversions[row] === null && conv === null ? null : (out.conversions[row] ?? 0) + (conv ?? 0);
      } else {
        from[row] = n;
        out.visits[row] = c.visits[i]!;
        out.conversions[row] = conv;
      }
    }
  });
  return out;
}

const perShare = (f: Figures) => (f.shares > 0 ? f.visits / f.shares : null);
const addConversions = (a: number | null, b: number | null) => (a === null && b === null ? null : (a ?? 0) + (b ?? 0));

/** The tally's key for a share: one row per persona, campaign, network and week. */
export function tallyKey(s: Omit<ShareTally, 'count'>): string {
  return JSON.stringify([s.personaId, s.campaign, s.network, s.week]);
}

/** Counts shares the way the store's tally does. */
export function tallyShares(shares: readonly Pick<ShareFact, 'personaId' | 'campaign' | 'network' | 'at'>[]): ShareTally[] {
  const out = new Map<string, ShareTally>();
  for (const s of shares) {
    const row = { personaId: s.personaId, campaign: s.campaign, network: s.network, week: weekOf(s.at) };
    const key = tallyKey(row);
    const had = out.get(key);
    if (had) had.count++;
    else out.set(key, { ...row, count: 1 });
  }
  return [...out.values()];
}

/**
 * Every import's rows merged (mergeRows), then summed twice: per campaign and source (visits and conversions), and
 * per campaign and week (visits of dated rows). That is all the join needs of the exports, a few hundred rows where
 * the exports have 50,000. The store keeps it up to date as exports are imported, so the Impact page does not
 * merge them each time it opens.
 */
export interface Rollup {
  campaigns: string[];
  sources: string[];
  /** Mondays "YYYY-MM-DD". */
  weeks: string[];
  bySource: { campaign: Uint32Array; source: Uint32Array; visits: Float64Array; /** NaN where no row said. */ conversions: Float64Array };
  byWeek: { campaign: Uint32Array; week: Uint32Array; visits: Float64Array };
}

/** Sums values per key, keys in the order first seen. */
function sums() {
  const at = new Map<number, number>();
  const keys: number[] = [];
  const visits: number[] = [];
  const conversions: number[] = [];
  return {
    keys,
    visits,
    conversions,
    add(key: number, v: number, c: number | null) {
      const row = at.get(key);
      if (row === undefined) {
        at.set(key, keys.push(key) - 1);
        visits.push(v);
        conversions.push(c ?? NaN);
      } else {
        visits[row]! += v;
        if (c !== null) conversions[row] = (Number.isNaN(conversions[row]!) ? 0 : conversions[row]!) + c;
      }
    },
  };
}

export function rollUp(imports: readonly ImportFact[]): Rollup {
  const rows = mergeRows(imports);
  const weeks: string[] = [];
  const weekIds = new Map<string, number>();
  const weekOfDay = rows.days.map((d) => {
    if (!d) return -1;
    const w = weekOf(d);
    let id = weekIds.get(w);
    if (id === undefined) weekIds.set(w, (id = weeks.push(w) - 1));
    return id;
  });
  const [S, W] = [rows.sources.length, weeks.length];
  const bySource = sums();
  const byWeek = sums();
  for (let i = 0; i < rows.visits.length; i++) {
    const campaign = rows.campaign[i]!;
    bySource.add(campaign * S + rows.source[i]!, rows.visits[i]!, rows.conversions[i]!);
    const week = weekOfDay[rows.day[i]!]!;
    if (week >= 0) byWeek.add(campaign * W + week, rows.visits[i]!, null);
  }
  return {
    campaigns: rows.campaigns,
    sources: rows.sources,
    weeks,
    bySource: {
      campaign: Uint32Array.from(bySource.keys, (k) => Math.floor(k / S)),
      source: Uint32Array.from(bySource.keys, (k) => k % S),
      visits: Float64Array.from(bySource.visits),
      conversions: Float64Array.from(bySource.conversions),
    },
    byWeek: { campaign: Uint32Array.from(byWeek.keys, (k) => Math.floor(k / W)), week: Uint32Array.from(byWeek.keys, (k) => k % W), visits: Float64Array.from(byWeek.visits) },
  };
}

const EMPTY_ROLLUP: Rollup = {
  campaigns: [],
  sources: [],
  weeks: [],
  bySource: { campaign: new Uint32Array(), source: new Uint32Array(), visits: new Float64Array(), conversions: new Float64Array() },
  byWeek: { campaign: new Uint32Array(), week: new Uint32Array(), visits: new Float64Array() },
};

/**
 * Joins the share log, as its tally (tallyShares), with the imported exports, as their rollup (rollUp; null before any
 * import). A campaign is a persona's when it is the slug of the persona's name now, or a campaign the share log
 * recorded for it (so a persona renamed since keeps its old links' visits). A network is the link's utm_source,
 * which the export reports as the session source.
 */
export function joinReport(personas: readonly { id: string; name: string }[], tally: readonly ShareTally[], rollup: Rollup | null): ImpactReport {
  const rows = rollup ?? EMPTY_ROLLUP;
  const slugOf = slugs();
  const owner = new Map<string, string>();
  const ids = new Set(personas.map((p) => p.id));
  for (const s of tally) if (s.personaId && ids.has(s.personaId)) owner.set(slugOf(s.campaign), s.personaId);
  // The current name wins over an old campaign another persona once used.
  for (const p of personas) owner.set(slugOf(p.name), p.id);

  const weeks = weekRange([...rows.weeks, ...tally.map((s) => s.week)]);
  const weekIndex = new Map(weeks.map((w, i) => [w, i]));
  const hasConversions = rows.bySource.conversions.some((c) => !Number.isNaN(c));

  type Acc = Figures & { networks: Map<string, Figures>; weekly: { shares: number[]; visits: number[] } };
  const acc = new Map<string, Acc>(personas.map((p) => [p.id, { shares: 0, visits: 0, conversions: null, networks: new Map(), weekly: { shares: weeks.map(() => 0), visits: weeks.map(() => 0) } }]));
  const network = (a: Acc, name: string) => {
    let n = a.networks.get(name);
    if (!n) a.networks.set(name, (n = { shares: 0, visits: 0, conversions: null }));
    return n;
  };
  for (const s of tally) {
    const id = s.personaId && acc.has(s.personaId) ? s.personaId : owner.get(slugOf(s.campaign));
    const a = id ? acc.get(id) : undefined;
    if (!a) continue;
    a.shares += s.count;
    network(a, s.network).shares += s.count;
    const w = weekIndex.get(s.week);
    if (w !== undefined) a.weekly.shares[w]! += s.count;
  }
  const unmatched = new Map<string, { campaign: string; visits: number; conversions: number | null }>();
  // Looked up once per campaign, not per row.
  const ownerOf = rows.campaigns.map((name) => acc.get(owner.get(slugOf(name)) ?? ''));
  const { bySource, byWeek } = rows;
  for (let i = 0; i < bySource.visits.length; i++) {
    const visits = bySource.visits[i]!;
    const conversions = Number.isNaN(bySource.conversions[i]!) ? null : bySource.conversions[i]!;
    const a = ownerOf[bySource.campaign[i]!];
    if (!a) {
      const name = rows.campaigns[bySource.campaign[i]!]!;
      const u = unmatched.get(name) ?? { campaign: name, visits: 0, conversions: null };
      u.visits += visits;
      u.conversions = addConversions(u.conversions, conversions);
      unmatched.set(name, u);
      continue;
    }
    a.visits += visits;
    a.conversions = addConversions(a.conversions, conversions);
    const n = network(a, rows.sources[bySource.source[i]!]!);
    n.visits += visits;
    n.conversions = addConversions(n.conversions, conversions);
  }
  const weekAt = rows.weeks.map((w) => weekIndex.get(w)!);
  for (let i = 0; i < byWeek.visits.length; i++) {
    const a = ownerOf[byWeek.campaign[i]!];
    if (a) a.weekly.visits[weekAt[byWeek.week[i]!]!]! += byWeek.visits[i]!;
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
