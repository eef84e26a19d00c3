/**
 * npm run bench:learn — does what the scorer learns grow with the pages read?
 *
 * Feeds real text (AG News, ../shared/data/agnews/test.csv) through the background's own path
 * (`createCurator` on fake-indexeddb, the "suggest" handler: corpus statistics read, page scored,
 * self-training, statistics written back, scores cached) with the four evaluation personas
 * (tests/eval/personas.json), editing one persona every 500 pages (20 edits by page 10,000).
 * Prints the median cost of a page (CPU time of the process, and wall time) around page 100 and around
 * page 10,000, the scorer alone on the same statistics, the size of what a new page writes (its row in the
 * page log, and the head: lib/background/services/corpus-store) and of the snapshot rewritten every COMPACT_EVERY pages.
 *
 *   npm run bench:learn [-- --pages 10000] [--full] [--joined]
 *
 * Two databases: one brought to page 60, one to page 9,960 (with 19 persona edits on the way); then pages
 * 61–140 of the one and 9,961–10,040 of the other go through the curator in alternation, so that both
 * windows meet the same load on a shared machine. On the way to page 9,960, pages are fed to `scorePage`
 * directly (the function the curator calls, on the same statistics, stored back at every edit): the same
 * learning, minutes faster; `--full` sends every page through the curator.
 * AG News has 7,600 items: page k past that joins item k mod 7,600 with another item, so that every page is new.
 * Late pages are then about twice as long as early ones; `--joined` makes every page two items joined, so
 * that both windows read pages of the same length and only what was learned differs.
 */
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import Papa from 'papaparse';
import { createCurator } from '../lib/background/curator';
import { openDb } from '../lib/store/db';
import { KV } from '../lib/store/kv';
import { COMPACT_EVERY, readCorpus, storedCorpus, writeSnapshot } from '../lib/background/services/corpus-store';
import type { PageSnapshot } from '../lib/core/extract/snapshot';
import { setI18nApi } from '../lib/i18n/i18n';
import { fakeI18n } from '../lib/i18n/node';
import { Requests, type RequestPayload, type RequestType, type Responses } from '../lib/protocol/requests';
import { fromStored, scorePage, type CorpusStats } from '../lib/core/score';
import { AGNEWS_CSV } from './shared-data';

setI18nApi(fakeI18n('en'));

const { values } = parseArgs({ options: { pages: { type: 'string', default: '10000' }, full: { type: 'boolean', default: false }, joined: { type: 'boolean', default: false } } });
/** The page whose cost is compared with page 100's (the late window is centred on it). */
const PAGES = Number(values.pages);
const EDIT_EVERY = 500;
/** Pages timed on either side of page 100 and of page PAGES. */
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
  const b = k > rows.length || values.joined ? rows[(i * 31 + Math.floor((k - 1) / rows.length) * 17) % rows.length]! : null;
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
    truncated: false,
  };
}

let current: PageSnapshot = page(1);

/** One simulated browser: its database and its background curator. */
function browser(name: string, db = openDb(`bench-learn-${name}-${Date.now()}`)) {
  const curator = createCurator({ db, readTab: async () => current });
  const call = <T extends RequestType>(type: T, payload: RequestPayload<T>): Promise<Responses[T]> => {
    const handler = curator.handlers[type] as (p: unknown, s: object) => Promise<Responses[T]>;
    return handler(Requests[type].parse(payload), {});
  };
  return { db, call, edits: 0 };
}
type Browser = ReturnType<typeof browser>;

const median = (xs: number[]) => {
  const s = [...xs].sort((x, y) => x - y);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/** CPU time of the process for one page through the curator (less disturbed than wall time on a shared machine), and wall time. */
async function viaCurator(b: Browser, k: number): Promise<{ cpu: number; wall: number }> {
  current = page(k);
  const start = performance.now();
  const cpu = process.cpuUsage();
  await b.call('suggest', { tabId: 1 });
  const used = process.cpuUsage(cpu);
  return { cpu: (used.user + used.system) / 1000, wall: performance.now() - start };
}

async function editOne(b: Browser, k: number): Promise<void> {
  const personas = await b.db.personas.orderBy('nameKey').toArray();
  const p = personas[(k / EDIT_EVERY) % personas.length]!;
  b.edits++;
  const { id, name, description, keywords, avoid, hashtags, voice, channels, style, emoji, cta, color, enabled } = p;
  await b.call('personas.save', {
    id,
    persona: { name, description: `${description.replace(/ Edit \d+\.$/, '')} Edit ${b.edits}.`, keywords, avoid, hashtags, voice, channels, style, emoji, cta, color, enabled },
  });
}

function statsOf(b: Browser): Promise<CorpusStats> {
  return storedCorpus(b.db);
}

/** Bytes of the stored row: UTF-8 of its strings, the typed arrays' buffers, a few bytes a number. */
function storedBytes(value: unknown): number {
  if (typeof value === 'string') return new TextEncoder().encode(value).length;
  if (ArrayBuffer.isView(value)) return value.byteLength;
  if (value && typeof value === 'object') return Object.entries(value).reduce((s, [k, v]) => s + k.length + storedBytes(v), 0);
  return 8;
}

async function describe(b: Browser): Promise<string> {
  const snapshot = (await b.db.kv.get(KV.corpusSnapshot))?.value;
  const head = (await b.db.kv.get(KV.stats))?.value;
  const rows = await b.db.corpusLog.toArray();
  const perPage = median(rows.map((r) => storedBytes(r))) + storedBytes(head);
  const stats = await statsOf(b);
  const profiles = Object.values(stats.reading ?? {});
  const terms = profiles.map((p) => `${p.terms.size}/${p.counts?.size ?? 0}`).join(', ');
  return `written a page ${(perPage / 1024).toFixed(1)} KB (log row + head), snapshot ${(storedBytes(snapshot) / 1024).toFixed(0)} KB (${fromStored(snapshot).docs} pages; every ${COMPACT_EVERY}); df ${stats.df.size} terms; ${profiles.length} reading profiles (terms/counts: ${terms})`;
}

/** Brings a browser to page `last`: through the curator, or fed to scorePage between edits. */
async function readUpTo(b: Browser, last: number): Promise<void> {
  for (let k = 1; k <= last; k++) {
    if (values.full || k <= 100) await viaCurator(b, k);
    else {
      const stop = Math.min(last, Math.ceil((k + 1) / EDIT_EVERY) * EDIT_EVERY);
      const stats = await statsOf(b);
      const scoring = (await b.db.personas.orderBy('updatedAt').toArray()).filter((p) => p.enabled);
      for (let j = k; j <= stop; j++) scorePage(page(j), scoring, stats);
      await b.db.transaction('rw', b.db.kv, b.db.corpusLog, async () => writeSnapshot(b.db, stats, (await readCorpus(b.db)).at));
      k = stop;
    }
    if (k % EDIT_EVERY === 0) await editOne(b, k);
  }
}

async function main(): Promise<void> {
  const started = performance.now();
  const { personas } = JSON.parse(readFileSync(`${ROOT}tests/eval/personas.json`, 'utf8')) as { personas: unknown[] };
  const early = browser('early');
  const late = browser('late');
  for (const b of [early, late]) await b.call('personas.import', { text: JSON.stringify({ personas }) });
  const earlyFrom = 100 - WINDOW + 1;
  const lateFrom = PAGES - WINDOW + 1;
  await readUpTo(early, earlyFrom - 1);
  await readUpTo(late, lateFrom - 1);
  const times = { early: [] as { cpu: number; wall: number }[], late: [] as { cpu: number; wall: number }[] };
  for (let i = 0; i < 2 * WINDOW; i++) {
    times.early.push(await viaCurator(early, earlyFrom + i));
    times.late.push(await viaCurator(late, lateFrom + i));
  }
  // The scorer alone on each one's statistics, without learning (nothing changes), in alternation too.
  const pure = { early: [] as number[], late: [] as number[] };
  const alone = await Promise.all([early, late].map(async (b) => ({ stats: await statsOf(b), scoring: (await b.db.personas.orderBy('updatedAt').toArray()).filter((p) => p.enabled) })));
  for (let i = 0; i < 2 * WINDOW; i++) {
    for (const [j, into] of [pure.early, pure.late].entries()) {
      const start = performance.now();
      scorePage(page(j === 0 ? earlyFrom + i : lateFrom + i), alone[j]!.scoring, alone[j]!.stats, undefined, { learn: false });
      into.push(performance.now() - start);
    }
  }
  const cpu = (xs: { cpu: number }[]) => median(xs.map((x) => x.cpu));
  const wall = (xs: { wall: number }[]) => median(xs.map((x) => x.wall));
  const report = (label: string, b: Browser, t: typeof times.early, from: number) =>
    describe(b).then((d) => console.log(`${label} median ${cpu(t).toFixed(2)} ms CPU a page (wall ${wall(t).toFixed(2)} ms; pages ${from}–${from + 2 * WINDOW - 1}); ${d}`));
  await report('around page 100:   ', early, times.early, earlyFrom);
  await report(`around page ${PAGES}:`, late, times.late, lateFrom);
  console.log(`the scorer alone (no storage): median ${median(pure.early).toFixed(2)} ms around page 100, ${median(pure.late).toFixed(2)} ms around page ${PAGES}`);
  // What the medians leave out: the snapshot written every COMPACT_EVERY pages, and a new worker's first page
  // (it decodes the snapshot and replays the pages logged since), both at the late end.
  const restarted = browser('restarted', late.db);
  const first = await viaCurator(restarted, lateFrom + 2 * WINDOW);
  const cpu0 = process.cpuUsage();
  await late.db.transaction('rw', late.db.kv, late.db.corpusLog, async () => {
    const read = await readCorpus(late.db);
    await writeSnapshot(late.db, read.stats, read.at);
  });
  const used = process.cpuUsage(cpu0);
  const snapshotMs = (used.user + used.system) / 1000;
  console.log(
    `around page ${PAGES}: a snapshot (read, decode, rewrite) ${snapshotMs.toFixed(1)} ms CPU, once every ${COMPACT_EVERY} pages (${(snapshotMs / COMPACT_EVERY).toFixed(2)} ms a page); a new worker's first page ${first.cpu.toFixed(1)} ms CPU (wall ${first.wall.toFixed(1)} ms)`,
  );
  console.log(
    `ratio (page ${PAGES} / page 100): CPU ${(cpu(times.late) / cpu(times.early)).toFixed(2)}, wall ${(wall(times.late) / wall(times.early)).toFixed(2)}; ${late.edits} persona edits; ${((performance.now() - started) / 1000).toFixed(0)} s in all${values.full ? '' : ' (fast-forwarded)'}${values.joined ? '; every page two items joined' : ''}`,
  );
  for (const b of [early, late]) b.db.close();
}

await main();
