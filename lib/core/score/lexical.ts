import { markPostThis } from './strength';
import { isSupported, resolveLanguage } from '../text/language';
import { DEFAULT_THRESHOLD } from './defaults';
import { pieceEnd } from '../text/segment';
import { sentences, tokenize, usesSegmenter, type Token } from '../text/tokenize';
import { averageLength, idf, type CorpusStats } from './stats';
import { termVector, type TermVector } from './learn';
import { personaProfile } from './persona-profile';
import { bestPassage } from './best-passage';
import type { LexicalOptions, PersonaScore, Reason, ScoringPage, ScoringPersona } from './scoring';

export type { LexicalOptions, PersonaScore, Reason, ScoringExample, ScoringPage, ScoringPersona } from './scoring';
export { personaProfile } from './persona-profile';

/**
 * How much each learned direction adds per unit of cosine similarity. Chosen
 * on the AG News evaluation (docs/relevance.md): reading 1.0, examples 0.5
 * (five short examples are a noisy direction; 1.0 lowered few-shot top-1 from
 * 0.744 to 0.690), others 0.3 (raises every persona's AUC, costs 0.007 top-1).
 */
export const LEARNED_WEIGHT = { examples: 0.5, reading: 1.0, negatives: 0.5, others: 0.3 } as const;
/**
 * The Naive Bayes evidence adds at most EVIDENCE.weight × EVIDENCE.scale (or takes as much away): the
 * page's mean log-likelihood ratio per term, bounded by tanh. Set before the evaluation, as the
 * "others" weight's order of magnitude; not tuned on it (docs/relevance.md).
 */
export const EVIDENCE = { weight: 0.3, scale: 1 } as const;

export { DEFAULT_THRESHOLD } from './defaults';

const K1 = 1.2;
const B = 0.6;
/** A word in the title counts as this many in the body. */
const TITLE_BOOST = 3;
/**
 * Only the start of a longer text is scored (cut at a space): enough for the longest real article in
 * the shared pages (118,000 characters, most of it kept), and it bounds the time a page of 200,000
 * characters takes to score.
 */
export const MAX_SCORED_CHARS = 100_000;
/**
 * Text whose words Intl.Segmenter finds (Chinese, Japanese, Thai...) costs about ten times more per
 * character, and says more per character: 30,000 of them are about as many words (15,000-20,000) as
 * 100,000 characters of English.
 */
export const MAX_SEGMENTED_CHARS = 30_000;

/** How many characters of a page's text the scorer reads. */
export function scoredLength(text: string): number {
  const cap = usesSegmenter(text) ? MAX_SEGMENTED_CHARS : MAX_SCORED_CHARS;
  return text.length > cap ? pieceEnd(text, 0, cap) : text.length;
}

export interface PageModel {
  language: string;
  length: number;
  tf: Map<string, number>;
  surface: Map<string, string>;
  sentences: { text: string; terms: Set<string> }[];
  terms: string[];
}

/** Tokenises a page once; its terms feed both scoring and the corpus statistics. */
export function analysePage(full: ScoringPage): PageModel {
  const length = scoredLength(full.text);
  const page = length < full.text.length ? { ...full, text: full.text.slice(0, length) } : full;
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
  const sents = sentences(page.text, 400).map((text) => ({ text, terms: new Set(tokenize(text, language).map((token) => token.term)) }));
  return {
    language,
    length: bodyTokens.length + titleTokens.length * TITLE_BOOST,
    tf,
    surface,
    sentences: sents,
    terms: [...titleTokens, ...bodyTokens].map((token) => token.term),
  };
}

function saturate(tf: number, length: number, avgLength: number): number {
  if (tf <= 0) return 0;
  const norm = K1 * (1 - B + (B * length) / avgLength);
  return tf / (tf + norm);
}

/**
 * Scores one page against personas with term weighting (BM25 saturation and a
 * dampened IDF from the pages seen so far). The score is the IDF-weighted share
 * of the persona's terms the page covers, lowered by its words to avoid.
 * Returns personas ranked best first.
 */
export function scoreLexical(page: ScoringPage | PageModel, personas: readonly ScoringPersona[], stats: CorpusStats, options: LexicalOptions = {}): PersonaScore[] {
  const model = 'tf' in page ? page : analysePage(page);
  const threshold = options.threshold ?? DEFAULT_THRESHOLD;
  const avgLength = averageLength(stats);
  const unstemmed = !isSupported(model.language);
  let vector: TermVector | null = null;
  const results = personas.map((persona): PersonaScore => {
    const profile = personaProfile(persona, model.language);
    const learned = options.learned?.get(persona.id);
    let total = 0;
    for (const { term, weight } of profile.terms) total += weight * idf(stats, term);
    // Each term's share of the raw score: the persona's own words (the share of them the page covers)…
    const contribution = new Map<string, number>();
    const add = (term: string, value: number) => contribution.set(term, (contribution.get(term) ?? 0) + value);
    const weightOf = new Map<string, number>();
    for (const { term, weight, gain = 1 } of profile.terms) {
      // A label word keeps its place in the persona's size, but matching it earns little.
      const w = total > 0 ? (gain * weight * idf(stats, term)) / total : 0;
      weightOf.set(term, w);
      const sat = saturate(model.tf.get(term) ?? 0, model.length, avgLength);
      if (sat > 0) add(term, w * sat);
    }
    // …plus the cosine with what it learned, term by term.
    if (learned && (learned.examples || learned.reading || learned.negatives || learned.others)) {
      vector ??= termVector(model.tf, stats);
      for (const [key, sign] of [
        ['examples', 1],
        ['reading', 1],
        ['negatives', -1],
        ['others', -1],
      ] as const) {
        const direction = learned[key];
        if (!direction) continue;
        const lambda = LEARNED_WEIGHT[key] * sign;
        for (const [term, w] of vector) {
          const d = direction.weight(term);
          if (!d) continue;
          add(term, lambda * w * d);
          if (sign > 0) weightOf.set(term, (weightOf.get(term) ?? 0) + LEARNED_WEIGHT[key] * d * 0.2);
        }
      }
    }
    // …plus the Naive Bayes evidence: the page's mean log-likelihood ratio (this persona against the
    // others), bounded by tanh and shared out over the terms in proportion to their part of it.
    if (learned?.evidence) {
      let weightSum = 0;
      const parts: [string, number][] = [];
      for (const [term, count] of model.tf) {
        const w = 1 + Math.log(count);
        weightSum += w;
        const e = learned.evidence(term);
        if (e !== null) parts.push([term, w * e]);
      }
      const mean = parts.reduce((s, [, v]) => s + v, 0) / (weightSum || 1);
      // Naive Bayes tells personas apart; it cannot tell a page about none of them (every page leans
      // to some persona). So it counts in proportion to the page's relevance without it: which persona,
      // given that the page is about one.
      let base = 0;
      for (const v of contribution.values()) base += v;
      const relevance = Math.min(1, Math.sqrt(Math.max(0, base)));
      if (mean !== 0 && relevance > 0) {
        const scale = (relevance * EVIDENCE.weight * EVIDENCE.scale * Math.tanh(mean / EVIDENCE.scale)) / mean;
        for (const [term, v] of parts) {
          add(term, (v / (weightSum || 1)) * scale);
          if (v > 0) weightOf.set(term, (weightOf.get(term) ?? 0) + (v / (weightSum || 1)) * scale * 0.2);
        }
      }
    }
    const avoided: string[] = [];
    let penalty = 0;
    for (const term of profile.avoid) {
      const sat = saturate(model.tf.get(term) ?? 0, model.length, avgLength);
      if (sat > 0) {
        avoided.push(model.surface.get(term) ?? term);
        penalty = Math.max(penalty, sat);
      }
    }
    const factor = 1 - 0.9 * penalty;
    const contributions = [...contribution]
      .map(([term, value]) => ({ term, value: value * factor }))
      .filter((c) => c.value !== 0)
      .sort((a, b) => b.value - a.value);
    const raw = Math.max(
      0,
      contributions.reduce((sum, c) => sum + c.value, 0),
    );
    // Spread the useful range (0–0.5 raw) over 0–1 without passing 1.
    const score = Math.min(1, Math.sqrt(raw));
    const reason: Reason = {
      matchedTerms: contributions
        .filter((c) => c.value > 0)
        .slice(0, 8)
        .map((c) => model.surface.get(c.term) ?? c.term),
      contributions: contributions.map((c) => ({ term: model.surface.get(c.term) ?? c.term, value: c.value })),
      raw,
      avoidedTerms: avoided,
      passage: bestPassage(model, (term) => weightOf.get(term) ?? 0),
      language: model.language,
      ...(unstemmed ? { unstemmed: true as const } : {}),
    };
    return {
      personaId: persona.id,
      name: persona.name,
      score: Math.round(score * 1000) / 1000,
      suggested: score >= threshold, // then narrowed to the page's clear choice by markPostThis
      reason,
    };
  });
  return markPostThis(
    results.sort((a, b) => b.score - a.score || a.name.localeCompare(b.name)),
    threshold,
  );
}
