/**
 * npm run bench:picks — how long "Picks on this page" takes, word matching only (the goal: 100 links in ≤ 300 ms),
 * through the same lib/ code as the extension: front pages built from AG News (scripts/front-pages.ts), read by the
 * extractor, each link scored against the eval's personas (lib/core/score/picks), with the corpus statistics of a
 * person who has read 2,000 pages. Prints a table: links, reading the page's links, scoring them, the best picks.
 */
import { readFileSync } from 'node:fs';
import { readNews } from './agnews';
import { frontPageHtml, frontPageItems } from './front-pages';
import { AGNEWS_CSV } from './shared-data';
import { extractFromHtml } from '../lib/core/extract/from-html';
import { bestPicks, wordScoreLinks } from '../lib/core/score/picks';
import { newPipelineState, scoreThrough } from '../lib/core/score/pipeline';
import { DEFAULT_THRESHOLD } from '../lib/core/score';
import { parsePersonaFile } from '../lib/core/personas/transfer';
import { setI18nApi } from '../lib/i18n/i18n';
import { fakeI18n } from '../lib/i18n/node';

setI18nApi(fakeI18n('en'));
const ROOT = new URL('../', import.meta.url).pathname;
const parsed = parsePersonaFile(readFileSync(`${ROOT}tests/eval/personas.json`, 'utf8'));
if (!parsed.ok) throw new Error(parsed.error);
const personas = parsed.file.personas.map((p) => ({ id: p.name, name: p.name, description: p.description, keywords: p.keywords, avoid: p.avoid }));
const news = readNews(AGNEWS_CSV);
const state = newPipelineState();
for (const item of news.slice(0, 2_000)) await scoreThrough({ title: item.title, text: item.text, lang: null }, personas, state, DEFAULT_THRESHOLD);
const rest = news.slice(2_000);
const RUNS = 5;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const rows: string[] = [];
for (const perTopic of [10, 25, 50]) {
  const read: number[] = [];
  const score: number[] = [];
  const pick: number[] = [];
  let links = 0;
  for (let run = 0; run < RUNS; run++) {
    const html = frontPageHtml(frontPageItems(rest, run, { perTopic })!);
    let t0 = performance.now();
    const snap = extractFromHtml(html, 'https://news.example/');
    read.push(performance.now() - t0);
    links = snap.links!.length;
    t0 = performance.now();
    const scored = await wordScoreLinks(snap.links!, personas, state.stats, DEFAULT_THRESHOLD);
    score.push(performance.now() - t0);
    t0 = performance.now();
    bestPicks(scored, personas);
    pick.push(performance.now() - t0);
  }
  rows.push(`| ${links} | ${median(read).toFixed(1)} | ${median(score).toFixed(1)} | ${median(pick).toFixed(2)} | ${(median(score) + median(pick)).toFixed(1)} |`);
}
process.stdout.write(
  [
    `Picks, word matching, ${personas.length} personas, after 2,000 pages read; median of ${RUNS} front pages (ms, Node ${process.version}, linkedom for the page):`,
    '',
    '| links | read the page (extractor) | score every link | best picks | scoring total (goal ≤ 300 ms for 100) |',
    '|---|---|---|---|---|',
    ...rows,
    '',
  ].join('\n'),
);
