/**
 * npm run bench:learn — does what the scorer learns grow with the pages read?
 *
 * Feeds real text (AG News, ../shared/data/agnews/test.csv) through the background's own path
 * (`createCurator` on fake-indexeddb, the "suggest" handler: corpus statistics read, page scored,
 * self-training, statistics written back, scores cached) with the four evaluation personas
 * (tests/eval/personas.json), editing one persona every 500 pages (20 edits by page 10,000).
 * Prints the median cost of a page (CPU time of the process, and wall time) around page 100 and around
 * page 10,000, the scorer alone on the same statistics, and the size of the
 * statistics blob read and rewritten on every new page.
 *
 *   npm run bench:learn [-- --pages 10000] [--full]
 *
 * By default the pages between the two timed windows are fed to `scorePage` directly (the function the curator calls,
 * on the same statistics, stored back every 500 pages): the same learning, minutes faster.
 * `--full` sends every page through the curator.
 * AG News has 7,600 items: page k past that joins item k mod 7,600 with another item, so that every page is new.
 */
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import Papa from 'papaparse';
import { createCurator } from '../lib/background/curator';
import { KV, openDb } from '../lib/db/db';
import type { PageSnapshot } from '../lib/extract/snapshot';
import { setI18nApi } from '../lib/i18n/i18n';
import { fakeI18n } from '../lib/i18n/node';
import { Requests, type RequestPayload, type RequestType, type Responses } from '../lib/messages/protocol';
import { fromStored, scorePage, toStored, type CorpusStats, type StoredStats } from '../lib/score';
import { AGNEWS_CSV } from './shared-data';

setI18nApi(fakeI18n('en'));

const { values } = parseArgs({ options: { pages: { type: 'string', default: '10000' }, full: { type: 'boolean', default: false } } });
const PAGES = Number(values.pages);
const EDIT_EVERY = 500;
/** Pages timed on either side of page 100 and of the last page. */
const WINDOW = 40;
const ROOT = new URL('../', import.meta.url).pathname;

function clean(s: string): string {
  return s
    .replace(/#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)))
    .replace(/&[a-z]+;/g, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/\\+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

const rows = Papa.parse<string[]>(readFileSync(AGNEWS_CSV, 'utf8'), { skipEmptyLines: true })
  .data.slice(1)
  .map((r) => ({ title: clean(r[1] ?? ''), text: clean(r[2] ?? '') }));

/** Page k (1-based): an AG News item, or past the file's end two items joined, so no page repeats. */
function page(k: number): PageSnapshot {
  const i = (k - 1) % rows.length;
  const a = rows[i]!;
  const b = k > rows.length ? rows[(i * 31 + Math.floor((k - 1) / rows.length) * 17) % rows.length]! : null;
  const text = b ? `${a.text} ${b.title}. ${b.text}` : a.text;
  return {
    url: `https://news.example/${k}`,
    canonicalUrl: null,
    title: a.title,
    byline: null,
    siteName: 'news.example',
    lang: 'en',
    dir: 'ltr',
    excerpt: text.slice(0, 200),
    text,
    leadImage: null,
    publishedTime: null,
    selection: null,
    wordCount: text.split(/\s+/).length,
    notArticle: null,
  };
}

const db = openDb(`bench-learn-${Date.now()}`);
let current: PageSnapshot = page(1);
const curator = createCurator({ db, readTab: async () => current });
function call<T extends RequestType>(type: T, payload: RequestPayload<T>): Promise<Responses[T]> {
  const handler = curator.handlers[type] as (p: unknown, s: object) => Promise<Responses[T]>;
  return handler(Requests[type].parse(payload), {});
}

const median = (xs: number[]) => {
  const s = [...xs].sort((x, y) => x - y);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/** The scorer alone on the stored statistics (scored without learning, so nothing changes): the part storage does not explain. */
const pure: { early: number[]; late: number[] } = { early: [], late: [] };
async function scorerAlone(k: number, into: number[]): Promise<void> {
  const stats = await statsRow();
  const scoring = (await db.personas.orderBy('updatedAt').toArray()).filter((p) => p.enabled);
  const start = performance.now();
  scorePage(page(k), scoring, stats, undefined, { learn: false });
  into.push(performance.now() - start);
}

/** CPU time of each page (this process's, in ms), less disturbed than wall time on a shared machine; wall time too. */
const wall: { early: number[]; late: number[] } = { early: [], late: [] };
async function viaCurator(k: number, into?: number[]): Promise<number> {
  current = page(k);
  const start = performance.now();
  const cpu = process.cpuUsage();
  await call('suggest', { tabId: 1 });
  const used = process.cpuUsage(cpu);
  into?.push(performance.now() - start);
  return (used.user + used.system) / 1000;
}

let edits = 0;
async function editOne(k: number): Promise<void> {
  const personas = await db.personas.orderBy('nameKey').toArray();
  const p = personas[(k / EDIT_EVERY) % personas.length]!;
  edits++;
  const { id, name, description, keywords, avoid, hashtags, voice, channels, style, emoji, cta, color, enabled } = p;
  await call('personas.save', {
    id,
    persona: { name, description: `${description.replace(/ Edit \d+\.$/, '')} Edit ${edits}.`, keywords, avoid, hashtags, voice, channels, style, emoji, cta, color, enabled },
  });
}

async function statsRow(): Promise<CorpusStats> {
  return fromStored((await db.kv.get(KV.stats))?.value);
}

/** Bytes of the stored row: UTF-8 of its strings, the typed arrays' buffers, a few bytes a number. */
function storedBytes(value: unknown): number {
  if (typeof value === 'string') return new TextEncoder().encode(value).length;
  if (ArrayBuffer.isView(value)) return value.byteLength;
  if (value && typeof value === 'object') return Object.entries(value).reduce((s, [k, v]) => s + k.length + storedBytes(v), 0);
  return 8;
}

async function describe(): Promise<string> {
  const value = (await db.kv.get(KV.stats))?.value as StoredStats;
  const stats = fromStored(value);
  const profiles = Object.values(stats.reading ?? {});
  const terms = profiles.map((p) => `${p.terms.size}/${p.counts?.size ?? 0}`).join(', ');
  return `stored statistics ${(storedBytes(value) / 1024).toFixed(0)} KB; df ${stats.df.size} terms; ${profiles.length} reading profiles (terms/counts: ${terms})`;
}

async function main(): Promise<void> {
  const { personas } = JSON.parse(readFileSync(`${ROOT}tests/eval/personas.json`, 'utf8')) as { personas: unknown[] };
  await call('personas.import', { text: JSON.stringify({ personas }) });
  const started = performance.now();
  const early: number[] = [];
  const late: number[] = [];
  const lateFrom = PAGES - WINDOW + 1;
  const earlyFrom = 100 - WINDOW + 1;
  for (let k = 1; k <= PAGES; k++) {
    const timed = k >= earlyFrom && k <= 100 + WINDOW ? early : k >= lateFrom ? late : null;
    if (timed || values.full || k < earlyFrom) {
      const ms = await viaCurator(k, timed === early ? wall.early : timed === late ? wall.late : undefined);
      timed?.push(ms);
      if (timed) await scorerAlone(k + 1, timed === early ? pure.early : pure.late);
    } else {
      // Fast-forward to the next edit (or the late window) on the stored statistics, with the same function the curator calls.
      const stop = Math.min(lateFrom - 1, Math.ceil((k + 1) / EDIT_EVERY) * EDIT_EVERY);
      const stats = await statsRow();
      const scoring = (await db.personas.orderBy('updatedAt').toArray()).filter((p) => p.enabled);
      let j = k;
      for (; j <= stop; j++) scorePage(page(j), scoring, stats);
      await db.kv.put({ key: KV.stats, value: toStored(stats, `bench-${j}`) });
      k = stop;
    }
    if (k % EDIT_EVERY === 0 && k < PAGES) await editOne(k);
    if (k === 100 + WINDOW)
      console.log(`around page 100:    median ${median(early).toFixed(2)} ms CPU a page (wall ${median(wall.early).toFixed(2)} ms; pages ${earlyFrom}–${100 + WINDOW}); ${await describe()}`);
  }
  console.log(`around page ${PAGES}: median ${median(late).toFixed(2)} ms CPU a page (wall ${median(wall.late).toFixed(2)} ms; pages ${lateFrom}–${PAGES}); ${await describe()}`);
  console.log(`the scorer alone (no storage): median ${median(pure.early).toFixed(2)} ms around page 100, ${median(pure.late).toFixed(2)} ms around page ${PAGES}`);
  console.log(
    `ratio (page ${PAGES} / page 100, CPU): ${(median(late) / median(early)).toFixed(2)}; wall ${(median(wall.late) / median(wall.early)).toFixed(2)}; ${edits} persona edits; ${((performance.now() - started) / 1000).toFixed(0)} s in all${values.full ? '' : ' (fast-forwarded)'}`,
  );
  db.close();
}

await main();
