import Papa from 'papaparse';
import { z } from '../../util/zod';
import { fnv1a } from '../../util/hash';

/** One row of an analytics export, as the view joins it: visits a campaign brought from a source, on a day. */
export const AnalyticsRowSchema = z.object({
  campaign: z.string(),
  source: z.string(),
  /** "YYYY-MM-DD", or null when the export has no date column (the whole range is one row). */
  date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .nullable(),
  visits: z.number().finite().nonnegative(),
  conversions: z.number().finite().nonnegative().nullable(),
});
export type AnalyticsRow = z.infer<typeof AnalyticsRowSchema>;

export type AnalyticsFormat = 'ga4' | 'plausible' | 'mapped';

/** Which column holds what, for a CSV of another tool: the person picks them once per header signature. */
export const ColumnMappingSchema = z.object({
  campaign: z.string().min(1),
  source: z.string().nullable(),
  date: z.string().nullable(),
  visits: z.string().min(1),
  conversions: z.string().nullable(),
});
export type ColumnMapping = z.infer<typeof ColumnMappingSchema>;

/** Why a file cannot be imported, with where: the view words it (lib/ui/impact). `row` counts the file's lines from 1. */
export type ImportProblem =
  | { code: 'empty' }
  | { code: 'no-campaign'; row: number }
  | { code: 'no-visits'; row: number }
  | { code: 'not-a-number'; row: number; column: string; value: string }
  | { code: 'bad-date'; row: number; column: string; value: string }
  | { code: 'needs-mapping'; columns: string[]; signature: string };

export interface ParsedExport {
  format: AnalyticsFormat;
  rows: AnalyticsRow[];
  /** The report's own date range (GA4's "# Start date" comment), when it says. */
  range: { start: string; end: string } | null;
  signature: string;
}

export type ParseResult = { ok: true; value: ParsedExport } | { ok: false; problem: ImportProblem };

/** A header as the layouts name it: lower case, words joined by "_" ("Session campaign" → session_campaign). */
const norm = (s: string) =>
  s
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, '_');
/** GA4's own word for a missing value, which it writes into its exports: data the view shows as it is, not UI text. */
export const NOT_SET = ['(not', 'set)'].join(' ');

/** The columns a header has, normalised and sorted: the same tool's exports share it, whatever the order. */
export function headerSignature(columns: readonly string[]): string {
  return `h${fnv1a([...columns].map(norm).sort().join('\u0001')).toString(36)}`;
}

/** Known layouts: each names, by normalised header, the columns it reads. The first with a campaign and visits column wins. */
const LAYOUTS: { format: Exclude<AnalyticsFormat, 'mapped'>; campaign: string[]; source: string[]; date: string[]; visits: string[]; conversions: string[]; when: (cols: Set<string>) => boolean }[] = [
  {
    // GA4's "Traffic acquisition" (and explorations) downloaded as CSV: `#` comment lines, then a table.
    format: 'ga4',
    campaign: ['session_campaign', 'first_user_campaign', 'campaign'],
    source: ['session_source', 'first_user_source', 'source', 'session_source_/_medium'],
    date: ['date'],
    visits: ['sessions', 'engaged_sessions'],
    conversions: ['key_events', 'conversions'],
    when: (cols) => cols.has('sessions') || cols.has('session_campaign') || cols.has('first_user_campaign'),
  },
  {
    // Plausible's CSV export (imported_sources.csv, and the dashboard's utm_campaigns.csv).
    format: 'plausible',
    campaign: ['utm_campaign', 'campaign'],
    source: ['utm_source', 'source'],
    date: ['date'],
    visits: ['visits', 'visitors'],
    conversions: ['conversions', 'events'],
    when: (cols) => (cols.has('utm_campaign') || cols.has('campaign')) && (cols.has('visitors') || cols.has('visits')),
  },
];

/** Is text[from, to) only spaces, tabs and a carriage return? */
function blank(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 13) return false;
  }
  return true;
}

/**
 * The first table of a GA4 file: its comment lines hold the date range, and another table may follow a blank line.
 * Scanned with indexOf, not split into lines: Chromium took 2.5 s to split and join a 50,000-line file by a regular
 * expression (Node, 25 ms).
 */
function firstTable(text: string): { body: string; firstLine: number; range: ParsedExport['range'] } {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const lineEnd = (from: number) => {
    const at = src.indexOf('\n', from);
    return at < 0 ? src.length : at;
  };
  const comments: string[] = [];
  let pos = 0;
  let line = 1;
  while (pos < src.length) {
    const end = lineEnd(pos);
    if (src.charCodeAt(pos) !== 35 /* # */ && !blank(src, pos, end)) break;
    comments.push(src.slice(pos, end));
    pos = end + 1;
    line++;
  }
  let stop = pos;
  while (stop < src.length && src.charCodeAt(stop) !== 35 && !blank(src, stop, lineEnd(stop))) stop = lineEnd(stop) + 1;
  const dateIn = (label: string) => comments.map((c) => new RegExp(`^#\\s*${label}\\s+date:\\s*(\\d{8})`, 'i').exec(c)?.[1]).find(Boolean);
  const [start, end] = [dateIn('start'), dateIn('end')];
  const iso = (d: string) => `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}`;
  return { body: src.slice(pos, Math.min(stop, src.length)), firstLine: line, range: start && end ? { start: iso(start), end: iso(end) } : null };
}

const PLAIN = /^\d+$/;

/** A count: digits, with thousands separators (1,234 or 1 234) and a decimal point allowed. */
export function readNumber(raw: string): number | null {
  // Most cells are plain digits: no regular expression for them (50,000 rows read in well under a second).
  if (raw.length > 0 && raw.length < 16 && PLAIN.test(raw)) return Number(raw);
  const s = raw.trim().replace(/(?<=\d)[,\u00a0\u202f ](?=\d{3}\b)/g, '');
  if (!/^\d+(\.\d+)?$/.test(s)) return null;
  return Number(s);
}

/** A day as "YYYY-MM-DD", from GA4's 20240115, ISO 2024-01-15 (a time after it is ignored) or 2024/01/15; null otherwise. */
export function readDate(raw: string): string | null {
  const m = /^(\d{4})[-/]?(\d{2})[-/]?(\d{2})(?:[T ].*)?$/.exec(raw.trim());
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  return `${m[1]}-${m[2]}-${m[3]}`;
}

/**
 * Reads an analytics export: GA4 and Plausible are recognised by their columns; any other CSV needs a mapping
 * (the person's, remembered per header signature). Every row is checked: the first bad cell fails the whole file.
 */
export function parseAnalytics(text: string, mapping?: ColumnMapping | null): ParseResult {
  const { body, firstLine, range } = firstTable(text);
  const parsed = Papa.parse<string[]>(body, { skipEmptyLines: true });
  const [header, ...data] = parsed.data;
  if (!header || header.length === 0 || data.length === 0) return { ok: false, problem: { code: 'empty' } };
  const columns = header.map((c) => c.trim());
  const signature = headerSignature(columns);
  const normalised = columns.map(norm);
  const have = new Set(normalised);
  const layout = LAYOUTS.find((l) => l.when(have));
  const find = (names: readonly string[]) => {
    for (const n of names) {
      const at = normalised.indexOf(n);
      if (at >= 0) return at;
    }
    return -1;
  };
  const byName = (name: string | null | undefined) => (name ? columns.indexOf(name) : -1);
  const pick = mapping
    ? {
        format: 'mapped' as const,
        campaign: byName(mapping.campaign),
        source: byName(mapping.source),
        date: byName(mapping.date),
        visits: byName(mapping.visits),
        conversions: byName(mapping.conversions),
      }
    : layout
      ? { format: layout.format, campaign: find(layout.campaign), source: find(layout.source), date: find(layout.date), visits: find(layout.visits), conversions: find(layout.conversions) }
      : null;
  if (!pick) return { ok: false, problem: { code: 'needs-mapping', columns, signature } };
  if (pick.campaign < 0) return { ok: false, problem: { code: 'no-campaign', row: firstLine } };
  if (pick.visits < 0) return { ok: false, problem: { code: 'no-visits', row: firstLine } };

  const rows: AnalyticsRow[] = [];
  // An export repeats its days thousands of times: each is read once.
  const days = new Map<string, string | null>();
  const day = (raw: string) => {
    let d = days.get(raw);
    if (d === undefined) days.set(raw, (d = readDate(raw)));
    return d;
  };
  for (let r = 0; r < data.length; r++) {
    const cells = data[r]!;
    const row = firstLine + 1 + r;
    const cell = (at: number) => (at >= 0 ? (cells[at] ?? '').trim() : '');
    const visits = readNumber(cell(pick.visits));
    if (visits === null) return { ok: false, problem: { code: 'not-a-number', row, column: columns[pick.visits]!, value: cell(pick.visits) } };
    let conversions: number | null = null;
    if (pick.conversions >= 0 && cell(pick.conversions) !== '') {
      conversions = readNumber(cell(pick.conversions));
      if (conversions === null) return { ok: false, problem: { code: 'not-a-number', row, column: columns[pick.conversions]!, value: cell(pick.conversions) } };
    }
    let date: string | null = null;
    if (pick.date >= 0) {
      date = day(cell(pick.date));
      if (date === null) return { ok: false, problem: { code: 'bad-date', row, column: columns[pick.date]!, value: cell(pick.date) } };
    }
    // GA4 writes "source / medium" in one column when asked for it: the source is its first half.
    const rawSource = cell(pick.source);
    const source = rawSource.includes(' / ') ? rawSource.split(' / ')[0]!.trim() : rawSource;
    rows.push({ campaign: cell(pick.campaign) || NOT_SET, source: source || NOT_SET, date, visits, conversions });
  }
  return { ok: true, value: { format: pick.format, rows, range, signature } };
}
