import Papa from 'papaparse';
import type { QueueItem, QueueStatus } from '../store/schema';
import { draftFor, type DraftVoice } from '../core/draft/draft-for';
import { fitBesideLinkOnX } from '../core/draft/limits';
import { slug, tagUrl } from '../core/handoff/utm';
import { FORMULA_START } from './csv';

export type ExportFormat = 'hootsuite' | 'csv' | 'json';

export interface ExportFilters {
  personaId?: string | null;
  status?: QueueStatus | null;
  /** Inclusive bounds on when the item was curated (ms since epoch). */
  from?: number | null;
  to?: number | null;
}

/** What a persona contributes to an exported draft: its name (the UTM campaign) and its voice. */
export interface ExportVoice extends DraftVoice {
  name: string;
}

/** An item whose persona is gone: a plain quote. */
const NO_VOICE: DraftVoice = { hashtags: [], style: 'quote', emoji: false, cta: '', topic: null };

export function filterQueue(items: readonly QueueItem[], f: ExportFilters): QueueItem[] {
  return items
    .filter((i) => (f.personaId ? i.personaId === f.personaId : true))
    .filter((i) => (f.status ? i.status === f.status : true))
    .filter((i) => (f.from != null ? i.createdAt >= f.from : true))
    .filter((i) => (f.to != null ? i.createdAt <= f.to : true))
    .sort((a, b) => a.createdAt - b.createdAt);
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * Hootsuite's bulk composer wants a future time on a 5-minute mark for every
 * row. We propose one: from 09:00 the day after `now`, 30 minutes apart; the
 * person moves them in the spreadsheet before uploading.
 */
function proposedTimes(count: number, now: Date): string[] {
  const start = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1, 9, 0, 0);
  return Array.from({ length: count }, (_, i) => {
    const d = new Date(start.getTime() + i * 30 * 60_000);
    return `${pad(d.getMonth() + 1)}/${pad(d.getDate())}/${d.getFullYear()} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
  });
}

/** The persona a row is exported under: its current name when it still exists (the UTM campaign is its slug). */
const personaOf = (i: QueueItem, voices: ReadonlyMap<string, ExportVoice>) => (i.personaId ? voices.get(i.personaId)?.name : undefined) ?? i.personaName ?? 'persona';

/** The link each format writes for an item: tagged for the scheduler ("hootsuite") or the spreadsheet ("export"), bare in JSON. */
function exportedLink(i: QueueItem, source: 'hootsuite' | 'export' | null, voices: ReadonlyMap<string, ExportVoice>, tag: boolean): string {
  return source === null || !tag ? i.url : tagUrl(i.url, { source, campaign: slug(personaOf(i, voices)) });
}

/** One share-log record per exported row (lib/store/shares), marked exported: what the file handed off, link for link. */
export function exportedShares(items: readonly QueueItem[], format: ExportFormat, voices: ReadonlyMap<string, ExportVoice>, options: { tag?: boolean } = {}) {
  const source: 'hootsuite' | 'export' | null = format === 'hootsuite' ? 'hootsuite' : format === 'csv' ? 'export' : null;
  return items.map((i) => ({
    personaId: i.personaId,
    personaName: personaOf(i, voices),
    campaign: slug(personaOf(i, voices)),
    network: source ?? ('export' as const),
    url: exportedLink(i, source, voices, options.tag !== false),
    articleUrl: i.url,
    title: i.title,
    queueId: i.id,
    exported: true,
  }));
}

/**
 * The curated queue as a file a scheduler or a spreadsheet loads:
 * - hootsuite: Hootsuite's bulk composer layout (no header; date "MM/DD/YYYY HH:mm", message, link);
 * - csv: every field, with a header;
 * - json: the items as stored.
 * CSV quoting is papaparse's, formulae escaped (FORMULA_START). Links are tagged for the scheduler unless `tag` is false.
 */
export function exportQueue(
  items: readonly QueueItem[],
  format: ExportFormat,
  voices: ReadonlyMap<string, ExportVoice>,
  options: { now?: Date; tag?: boolean } = {},
): { filename: string; mime: string; content: string } {
  const now = options.now ?? new Date();
  const day = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
  const link = (i: QueueItem, source: 'hootsuite' | 'export') => exportedLink(i, source, voices, options.tag !== false);
  if (format === 'json') {
    return { filename: `curated-${day}.json`, mime: 'application/json', content: JSON.stringify({ format: 'persona-curator/queue', version: 1, exportedAt: now.toISOString(), items }, null, 2) };
  }
  if (format === 'hootsuite') {
    const times = proposedTimes(items.length, now);
    const rows = items.map((i, n) => {
      const voice = i.personaId ? voices.get(i.personaId) : undefined;
      const draft = draftFor({ title: i.title, passage: i.quote, url: null, siteName: i.siteName }, voice ?? NO_VOICE);
      // Hootsuite adds the link itself; the message must fit the strictest network it may go to (X).
      return [times[n]!, fitBesideLinkOnX(draft), link(i, 'hootsuite')];
    });
    return { filename: `hootsuite-bulk-${day}.csv`, mime: 'text/csv', content: Papa.unparse(rows, { header: false, newline: '\r\n', escapeFormulae: FORMULA_START }) };
  }
  const rows = items.map((i) => ({
    curated_at: new Date(i.createdAt).toISOString(),
    persona: i.personaName ?? '',
    status: i.status,
    title: i.title,
    url: i.url,
    tagged_url: link(i, 'export'),
    site: i.siteName ?? '',
    quote: i.quote,
    score: i.score ?? '',
  }));
  return { filename: `curated-${day}.csv`, mime: 'text/csv', content: Papa.unparse(rows, { newline: '\r\n', escapeFormulae: FORMULA_START }) };
}
