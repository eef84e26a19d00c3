/**
 * The picks setting of `npm run eval` (scripts/eval.ts): front pages of 40 AG News headlines with teasers (10 per
 * topic, scripts/front-pages.ts) rendered as HTML, read by the extension's own extractor (lib/core/extract), and
 * each link scored through the pipeline (lib/core/score/picks: word matching, then the model), zero-shot with the
 * eval's personas. Measures the precision of each persona's top 3 and top 5 picks (a pick is right when its item's
 * topic is the persona's), averaged over the front pages; a persona given fewer picks counts the missing ones wrong.
 *
 * The reading history is the extension's after reading the first HISTORY items as pages (statistics and the model's
 * memory learned from them, no labels used); front pages are then built from the items after it: the first half of
 * what is left ("dev") and the second half ("held-out"). A fresh install (nothing read) is measured too.
 */
import type { NewsItem } from './agnews';
import { frontPageCount, frontPageHtml, frontPageItems, frontPageRss } from './front-pages';
import { feedLink, parseFeed } from '../lib/core/feeds/parse';
import { extractFromHtml } from '../lib/core/extract/from-html';
import { bestPicks, modelScoreLinks, wordScoreLinks, type ScoredLink } from '../lib/core/score/picks';
import { newPipelineState, scoreThrough, type PipelineModel, type PipelineState } from '../lib/core/score/pipeline';
import type { ScoringPersona } from '../lib/core/score';

/** Items read as pages before any front page: the reading history. */
export const HISTORY = 2_000;
const KS = [3, 5] as const;

interface Tally {
  pages: number;
  links: number;
  extracted: number;
  /** Right picks at k, summed over pages, per persona. */
  right: Record<number, number[]>;
}

function tally(personas: number): Tally {
  return { pages: 0, links: 0, extracted: 0, right: Object.fromEntries(KS.map((k) => [k, new Array(personas).fill(0)])) };
}

/** Reads the history as the extension would: each item a page, counted, the model calibrated on it. */
async function readHistory(items: readonly NewsItem[], personas: readonly ScoringPersona[], threshold: number, model: PipelineModel): Promise<PipelineState> {
  const state = newPipelineState();
  for (const item of items) await scoreThrough({ title: item.title, text: item.text, lang: null }, personas, state, threshold, model);
  return state;
}

/** Where the links come from: the front page read by the extractor, or the same items as a feed read by the feed parser. */
type Source = 'page' | 'feed';

function linksOf(shown: ReturnType<typeof frontPageItems> & object, origin: string, source: Source) {
  if (source === 'page') return extractFromHtml(frontPageHtml(shown), `${origin}/`).links ?? [];
  const feed = parseFeed(frontPageRss(shown), `${origin}/feed.xml`);
  if (!feed.ok) throw new Error('the front page as a feed did not parse');
  return feed.entries.map(feedLink);
}

async function measurePages(
  items: readonly NewsItem[],
  personas: readonly ScoringPersona[],
  threshold: number,
  state: PipelineState,
  model: PipelineModel | null,
  origin: string,
  source: Source,
): Promise<Tally> {
  const t = tally(personas.length);
  for (let page = 0; page < frontPageCount(items, 10); page++) {
    const shown = frontPageItems(items, page, { perTopic: 10, origin })!;
    const links = linksOf(shown, origin, source);
    const labelOf = new Map(shown.map((i) => [i.url, i.label]));
    t.pages++;
    t.links += shown.length;
    t.extracted += links.filter((l) => labelOf.has(l.url)).length;
    let scored: ScoredLink[] = await wordScoreLinks(links, personas, state.stats, threshold);
    if (model) scored = (await modelScoreLinks(scored, personas, threshold, model, state.memory)).links;
    for (const k of KS) {
      const picks = bestPicks(scored, personas, k);
      for (const [j, p] of personas.entries()) t.right[k]![j]! += picks.filter((pick) => pick.personaId === p.id && labelOf.get(pick.url) === j).length;
    }
  }
  return t;
}

const f = (x: number) => x.toFixed(3);

/** The picks report: one table per setting, and the gate (top-3 precision ≥ 0.8 for every persona, zero-shot). */
export async function evalPicks(items: readonly NewsItem[], personas: readonly ScoringPersona[], threshold: number, model: PipelineModel, modelName: string): Promise<string> {
  const t0 = performance.now();
  const rest = items.slice(HISTORY);
  const half = Math.floor(rest.length / 2);
  const splits = [
    { name: 'dev', items: rest.slice(0, half), origin: 'https://news.example' },
    { name: 'held-out', items: rest.slice(half), origin: 'https://heldout.example' },
  ];
  const fresh = newPipelineState();
  const read = await readHistory(items.slice(0, HISTORY), personas, threshold, model);
  const states = [
    { name: 'fresh install', state: fresh },
    { name: `after ${HISTORY} pages read`, state: read },
  ];
  const settings = (['page', 'feed'] as const).flatMap((source) =>
    states.flatMap((st) => [
      { name: `${source === 'feed' ? 'feed: ' : ''}${st.name}, lexical`, state: st.state, model: null, source },
      { name: `${source === 'feed' ? 'feed: ' : ''}${st.name}, hybrid, ${modelName}`, state: st.state, model, source },
    ]),
  );
  const lines = [
    '### Picks on front pages (zero-shot)',
    '',
    `| split | setting | front pages | links found | ${personas.map((p) => `P@3 / P@5 ${p.name}`).join(' | ')} |`,
    `|---|---|---|---|${personas.map(() => '---|').join('')}`,
  ];
  const gate: { split: string; setting: string; worst: number }[] = [];
  for (const split of splits) {
    for (const s of settings) {
      const t = await measurePages(split.items, personas, threshold, s.state, s.model, split.origin, s.source);
      const p = (k: number, j: number) => t.right[k]![j]! / (k * t.pages);
      lines.push(`| ${split.name} | ${s.name} | ${t.pages} | ${t.extracted} of ${t.links} | ${personas.map((_, j) => `${f(p(3, j))} / ${f(p(5, j))}`).join(' | ')} |`);
      gate.push({ split: split.name, setting: s.name, worst: Math.min(...personas.map((_, j) => p(3, j))) });
    }
  }
  lines.push('', 'Gate: top-3 precision ≥ 0.8 for every persona, zero-shot.', '');
  for (const g of gate) lines.push(`- ${g.split}, ${g.setting}: lowest persona top-3 precision ${f(g.worst)}: ${g.worst >= 0.8 ? 'met' : '**not met**'}`);
  lines.push('', `Picks evaluation: ${((performance.now() - t0) / 1000).toFixed(1)} s.`, '');
  return lines.join('\n');
}
