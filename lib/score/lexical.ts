import { isSupported, resolveLanguage } from '../text/language';
import { sentences, tokenize, type Token } from '../text/tokenize';
import { averageLength, idf, type CorpusStats } from './stats';

/** The parts of a persona the scorer reads. */
export interface ScoringPersona {
  id: string;
  name: string;
  description: string;
  keywords: readonly string[];
  avoid: readonly string[];
}

/** The parts of a page the scorer reads. */
export interface ScoringPage {
  title: string;
  text: string;
  lang?: string | null | undefined;
}

export interface Reason {
  /** Persona terms found on the page, as the page spells them, strongest first. */
  matchedTerms: string[];
  /** Words to avoid that the page contains. */
  avoidedTerms: string[];
  /** The page's best-matching passage: one to three sentences. */
  passage: string;
  /** The language the page was scored in. */
  language: string;
  /** Said when the language has no stemmer here and words were matched as written. */
  note?: string;
}

export interface PersonaScore {
  personaId: string;
  name: string;
  /** 0 (nothing in common) to 1. */
  score: number;
  /** Whether the score passes the "suggest" threshold. */
  suggested: boolean;
  reason: Reason;
}

export interface LexicalOptions {
  threshold?: number;
}

/** Default "suggest" threshold, chosen on the sample personas and the pages in shared/pages (see docs/scoring.md). */
export const DEFAULT_THRESHOLD = 0.35;

const K1 = 1.2;
const B = 0.6;
/** A word in the title counts as this many in the body. */
const TITLE_BOOST = 3;
const WEIGHT = { name: 2, description: 1, keyword: 3 } as const;
const MAX_PASSAGE_CHARS = 420;

/**
 * Words that describe what a persona does rather than what it is about
 * ("shares news and stories for..."). They are not topics, so they are left
 * out of its profile. Generic to every persona, in the languages we stem.
 */
const PERSONA_FILLER = new Set(
  [
    'share', 'shares', 'sharing', 'post', 'posts', 'posting', 'news', 'story', 'stories', 'article', 'articles', 'content', 'update', 'updates',
    'audience', 'people', 'readers', 'followers', 'voice', 'tone', 'plain', 'language', 'general', 'calm', 'factual', 'curious', 'professionals',
    'partage', 'partager', 'publie', 'publier', 'actualité', 'actualités', 'nouvelles', 'histoires', 'articles', 'contenu', 'public', 'lecteurs', 'ton',
  ].flatMap((w) => [w, ...['en', 'fr'].flatMap((lang) => tokenize(w, lang).map((t) => t.term))]),
);

interface WeightedTerm {
  term: string;
  weight: number;
}

/** Builds the persona's query in the page's language, so both sides share one stemmer. */
export function personaProfile(persona: ScoringPersona, language: string): { terms: WeightedTerm[]; avoid: string[] } {
  const weights = new Map<string, number>();
  const add = (text: string, w: number): void => {
    for (const { term, surface } of tokenize(text, language)) {
      if (PERSONA_FILLER.has(surface) || PERSONA_FILLER.has(term)) continue;
      weights.set(term, Math.min(6, (weights.get(term) ?? 0) + w));
    }
  };
  add(persona.name, WEIGHT.name);
  add(persona.description, WEIGHT.description);
  // A keyword is the person's explicit word: never dropped as filler.
  for (const k of persona.keywords) for (const { term } of tokenize(k, language)) weights.set(term, Math.min(6, (weights.get(term) ?? 0) + WEIGHT.keyword));
  const avoid = new Set<string>();
  for (const a of persona.avoid) for (const { term } of tokenize(a, language)) avoid.add(term);
  for (const a of avoid) weights.delete(a);
  return { terms: [...weights].map(([term, weight]) => ({ term, weight })), avoid: [...avoid] };
}

interface PageModel {
  language: string;
  length: number;
  tf: Map<string, number>;
  surface: Map<string, string>;
  sentences: { text: string; terms: Set<string> }[];
  terms: string[];
}

/** Tokenises a page once; its terms feed both scoring and the corpus statistics. */
export function analysePage(page: ScoringPage): PageModel {
  const language = resolveLanguage(page.lang, `${page.title}\n${page.text}`);
  const tf = new Map<string, number>();
  const surfaceCounts = new Map<string, Map<string, number>>();
  const count = (tokens: Token[], times: number): void => {
    for (const { term, surface } of tokens) {
      tf.set(term, (tf.get(term) ?? 0) + times);
      const s = surfaceCounts.get(term) ?? new Map<string, number>();
      s.set(surface, (s.get(surface) ?? 0) + 1);
      surfaceCounts.set(term, s);
    }
  };
  const titleTokens = tokenize(page.title, language);
  count(titleTokens, TITLE_BOOST);
  const bodyTokens = tokenize(page.text, language);
  count(bodyTokens, 1);
  const surface = new Map<string, string>();
  for (const [term, counts] of surfaceCounts) {
    surface.set(term, [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? term);
  }
  const sents = sentences(page.text)
    .slice(0, 400)
    .map((text) => ({ text, terms: new Set(tokenize(text, language).map((t) => t.term)) }));
  return {
    language,
    length: bodyTokens.length + titleTokens.length * TITLE_BOOST,
    tf,
    surface,
    sentences: sents,
    terms: [...titleTokens, ...bodyTokens].map((t) => t.term),
  };
}

function saturate(tf: number, length: number, avgLength: number): number {
  if (tf <= 0) return 0;
  const norm = K1 * (1 - B + (B * length) / avgLength);
  return tf / (tf + norm);
}

function bestPassage(model: PageModel, weightOf: (t: string) => number): string {
  let best = '';
  let bestScore = -1;
  const s = model.sentences;
  for (let i = 0; i < s.length; i++) {
    let text = '';
    const seen = new Set<string>();
    for (let span = 0; span < 3 && i + span < s.length; span++) {
      const next = s[i + span];
      if (!next) break;
      const joined = text ? `${text} ${next.text}` : next.text;
      if (span > 0 && joined.length > MAX_PASSAGE_CHARS) break;
      text = joined;
      for (const t of next.terms) seen.add(t);
      let score = 0;
      for (const t of seen) score += weightOf(t);
      // Prefer the shorter window on ties: a tighter quote reads better.
      score -= span * 0.01;
      if (score > bestScore) {
        bestScore = score;
        best = text;
      }
    }
  }
  if (bestScore <= 0) {
    // Nothing matched: the lead is the honest passage.
    best = s.slice(0, 2).map((x) => x.text).join(' ');
  }
  return best.length > MAX_PASSAGE_CHARS ? `${best.slice(0, MAX_PASSAGE_CHARS - 1).replace(/\s+\S*$/, '')}…` : best;
}

/**
 * Scores one page against personas with term weighting (BM25 saturation and a
 * dampened IDF from the pages seen so far). The score is the IDF-weighted share
 * of the persona's terms the page covers, lowered by its words to avoid.
 * Returns personas ranked best first.
 */
export function scoreLexical(
  page: ScoringPage | PageModel,
  personas: readonly ScoringPersona[],
  stats: CorpusStats,
  options: LexicalOptions = {},
): PersonaScore[] {
  const model = 'tf' in page ? page : analysePage(page);
  const threshold = options.threshold ?? DEFAULT_THRESHOLD;
  const avgLength = averageLength(stats);
  const note = isSupported(model.language)
    ? undefined
    : `The page's language (${model.language}) has no stemmer or stop words here: words were matched exactly as written.`;
  const results = personas.map((persona): PersonaScore => {
    const profile = personaProfile(persona, model.language);
    let total = 0;
    let covered = 0;
    const contributions: { term: string; value: number }[] = [];
    const weightOf = new Map<string, number>();
    for (const { term, weight } of profile.terms) {
      const w = weight * idf(stats, term);
      weightOf.set(term, w);
      total += w;
      const sat = saturate(model.tf.get(term) ?? 0, model.length, avgLength);
      if (sat > 0) {
        covered += w * sat;
        contributions.push({ term, value: w * sat });
      }
    }
    let score = total > 0 ? covered / total : 0;
    const avoided: string[] = [];
    let penalty = 0;
    for (const term of profile.avoid) {
      const sat = saturate(model.tf.get(term) ?? 0, model.length, avgLength);
      if (sat > 0) {
        avoided.push(model.surface.get(term) ?? term);
        penalty = Math.max(penalty, sat);
      }
    }
    score = score * (1 - 0.9 * penalty);
    // Spread the useful range (0–0.5 raw) over 0–1 without passing 1.
    score = Math.max(0, Math.min(1, Math.sqrt(score)));
    contributions.sort((a, b) => b.value - a.value);
    const reason: Reason = {
      matchedTerms: contributions.slice(0, 8).map((c) => model.surface.get(c.term) ?? c.term),
      avoidedTerms: avoided,
      passage: bestPassage(model, (t) => weightOf.get(t) ?? 0),
      language: model.language,
      ...(note ? { note } : {}),
    };
    return {
      personaId: persona.id,
      name: persona.name,
      score: Math.round(score * 1000) / 1000,
      suggested: score >= threshold,
      reason,
    };
  });
  return results.sort((a, b) => b.score - a.score || a.name.localeCompare(b.name));
}
