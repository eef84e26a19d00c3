import type { PageLink } from '../extract/links';
import type { SemanticMemory } from './fusion';
import type { PersonaScore, ScoringPersona } from './lexical';
import { toPassages } from './semantic';
import { analyse, modelCovers, modelScores, pageHash, wordScores, type PipelineModel, type PipelinePage } from './pipeline';
import type { CorpusStats, ScoreMode } from './index';
import { observeInPlace } from './stats';
import { TermTable } from './terms';
import type { VectorCache } from './hybrid';
import { MAX_EMBED_TEXTS } from '../../protocol/model-host';

/*
 * "Picks on this page": each article link a page lists (lib/core/extract/links), its headline and teaser read as a
 * small page, scored against every enabled persona through the one pipeline (lib/core/score/pipeline): word
 * matching, then the on-device model. A pick teaches nothing: the corpus statistics and the model's memory are read,
 * never written (`learn: false`), since a headline is not a page the person read.
 */

/** Picks shown per persona at most. */
export const PICKS_PER_PERSONA = 3;

/** One link's scores, ranked best first as a page's are. */
export interface ScoredLink {
  link: PageLink;
  /** The content hash of the link as a page (headline and teaser): its scores are cached under it. */
  hash: string;
  language: string;
  scores: PersonaScore[];
}

/** A link as the pipeline reads it: the headline as the title, the teaser as the text. */
export function linkPage(link: Pick<PageLink, 'headline' | 'snippet'>, lang: string | null = null): PipelinePage {
  return { title: link.headline, text: link.snippet ?? '', lang };
}

/**
 * Pages read below which a page's own links are counted into a copy of the statistics for this request (never
 * stored): with no history every word weighs the same, and a front page's forty headlines already say which words
 * are common.
 */
export const THIN_HISTORY = 500;

/** Pages the model's calibration must have seen before a page's links are not used to calibrate it. */
export const THIN_CALIBRATION = 100;
/** Passes over the links for that calibration: it trusts a signal by the pages it saw (n / (n + FUSION.warmup)); measured
 * in docs/relevance.md (one pass 0.755, two 0.819, three 0.814: the lowest persona top-3 precision, fresh install). */
const CALIBRATION_PASSES = 2;
/** Links a page (or a feed refresh) needs for that calibration: a handful of headlines say nothing about the spread. */
const MIN_CALIBRATION_LINKS = 10;

/** The statistics to score a page's links with: as they are, or, on a thin history, a copy that counts the links. */
export function linkStats(links: readonly Pick<PageLink, 'headline' | 'snippet'>[], stats: CorpusStats, lang: string | null = null): CorpusStats {
  if (stats.docs >= THIN_HISTORY || links.length < 2) return stats;
  const copy: CorpusStats = { docs: stats.docs, totalTerms: stats.totalTerms, df: TermTable.from(stats.df.entries()), ...(stats.reading ? { reading: stats.reading } : {}) };
  for (const link of links) observeInPlace(copy, analyse(linkPage(link, lang)).terms);
  return copy;
}

/** Step 2 for every link: word matching against the statistics as they are (nothing counted). */
export async function wordScoreLinks(links: readonly PageLink[], personas: readonly ScoringPersona[], stats: CorpusStats, threshold: number, lang: string | null = null): Promise<ScoredLink[]> {
  const out: ScoredLink[] = [];
  const counted = linkStats(links, stats, lang);
  for (const link of links) {
    const page = linkPage(link, lang);
    const r = wordScores(page, personas, counted, threshold, { learn: false });
    out.push({ link, hash: await pageHash(page), language: r.language, scores: r.scores });
  }
  return out;
}

/**
 * A vector cache in memory for the links' passages, filled by one batch of embeddings: a hundred links are a few
 * requests to the model, not a hundred. Persona vectors go to `fallback` (the extension's own cache) as for pages.
 */
async function prefilled(links: readonly ScoredLink[], model: PipelineModel): Promise<VectorCache> {
  const own = new Map<string, ArrayLike<number>[]>();
  const todo: { key: string; texts: string[] }[] = [];
  for (const s of links) {
    const key = `${model.info.id}|page|${s.hash}`;
    const hit = await model.cache?.get(key);
    if (hit) own.set(key, hit);
    else todo.push({ key, texts: toPassages(s.link.headline, s.link.snippet ?? '', model.info.maxTokens).texts });
  }
  const texts = todo.flatMap((t) => t.texts);
  const vectors: ArrayLike<number>[] = [];
  for (let i = 0; i < texts.length; i += MAX_EMBED_TEXTS) vectors.push(...(await model.embed(texts.slice(i, i + MAX_EMBED_TEXTS), 'passage')));
  let at = 0;
  for (const t of todo) {
    own.set(t.key, vectors.slice(at, at + t.texts.length));
    at += t.texts.length;
  }
  return {
    get: async (key) => own.get(key) ?? (await model.cache?.get(key)),
    put: async (key, v) => {
      if (key.includes('|page|')) own.set(key, v);
      else await model.cache?.put(key, v);
    },
  };
}

/** Whether the model's calibration has seen fewer pages than it needs to be trusted (FUSION.warmup). */
function thinMemory(memory: SemanticMemory, modelId: string): boolean {
  const personas = Object.values(memory.models[modelId] ?? {});
  return personas.length === 0 || personas.some((p) => (p.text?.n ?? 0) < THIN_CALIBRATION);
}

/** Step 3 for every link the model reads: its answer on top of the word scores, the model's memory only read. */
export async function modelScoreLinks(
  scored: readonly ScoredLink[],
  personas: readonly (ScoringPersona & { updatedAt?: number })[],
  threshold: number,
  model: PipelineModel,
  memory: SemanticMemory,
): Promise<{ mode: ScoreMode; links: ScoredLink[] }> {
  const covered = scored.filter((s) => modelCovers(model, s.language));
  if (covered.length === 0) return { mode: 'lexical', links: [...scored] };
  const cache = await prefilled(covered, model);
  // A model that has calibrated on few pages is calibrated on this page's links first, in a copy never stored.
  if (thinMemory(memory, model.info.id) && covered.length >= MIN_CALIBRATION_LINKS) {
    memory = structuredClone(memory);
    for (let pass = 0; pass < CALIBRATION_PASSES; pass++)
      for (const s of covered) await modelScores({ page: linkPage(s.link), hash: s.hash, lexical: s, personas, threshold, model: { ...model, cache }, memory, learn: true });
  }
  const out: ScoredLink[] = [];
  let mode: ScoreMode = 'lexical';
  for (const s of scored) {
    if (!modelCovers(model, s.language)) {
      out.push(s);
      continue;
    }
    const page = linkPage(s.link);
    const r = await modelScores({ page, hash: s.hash, lexical: s, personas, threshold, model: { ...model, cache }, memory, learn: false });
    mode = r.mode;
    out.push({ ...s, scores: r.scores });
  }
  return { mode, links: out };
}

/** A pick: a link, the persona it is picked for, and that persona's score for it. */
export interface LinkPick {
  url: string;
  headline: string;
  snippet: string | null;
  personaId: string;
  name: string;
  score: number;
  suggested: boolean;
}

/**
 * The best picks for each persona, best first: the links whose best persona it is (a link is picked once, for the
 * persona it fits best), that score above 0, at most `perPersona` each. Personas in the order given; ties by order
 * on the page.
 */
export function bestPicks(scored: readonly ScoredLink[], personas: readonly Pick<ScoringPersona, 'id'>[], perPersona = PICKS_PER_PERSONA): LinkPick[] {
  const byPersona = new Map<string, LinkPick[]>(personas.map((p) => [p.id, []]));
  for (const s of scored) {
    const top = s.scores[0];
    if (!top || top.score <= 0) continue;
    byPersona.get(top.personaId)?.push({ url: s.link.url, headline: s.link.headline, snippet: s.link.snippet, personaId: top.personaId, name: top.name, score: top.score, suggested: top.suggested });
  }
  return [...byPersona.values()].flatMap((picks) => picks.sort((a, b) => b.score - a.score).slice(0, perPersona));
}
