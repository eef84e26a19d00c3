import { sentences } from '../text/tokenize';
import type { ScoringPersona } from './lexical';
import { dot } from './fusion';

/** Passages of a page for the model: sentence windows that fit its token limit. */
export interface Passages {
  /** passages[0] is the title; the rest are windows of consecutive sentences. */
  texts: string[];
}

/** At most this many passages are embedded per page: enough for a long article, bounded for a huge one. */
export const MAX_PASSAGES = 48;

/**
 * Cuts a page into sentence windows of at most `maxTokens` word pieces
 * (estimated at 4 characters each, kept under by a margin). The title is its
 * own first passage.
 */
export function toPassages(title: string, text: string, maxTokens: number): Passages {
  const maxChars = Math.max(200, Math.floor(maxTokens * 3));
  const texts: string[] = [title.trim() || text.slice(0, 200)];
  let window = '';
  for (const s of sentences(text)) {
    const sentence = s.length > maxChars ? s.slice(0, maxChars) : s;
    if (window && window.length + 1 + sentence.length > maxChars) {
      texts.push(window);
      window = '';
      if (texts.length > MAX_PASSAGES) break;
    }
    window = window ? `${window} ${sentence}` : sentence;
  }
  if (window && texts.length <= MAX_PASSAGES) texts.push(window);
  return { texts };
}

/** What persona text the model sees: its name, description and keywords. */
export function personaText(p: Pick<ScoringPersona, 'name' | 'description' | 'keywords'>): string {
  return [p.name, p.description, p.keywords.length ? p.keywords.join(', ') : ''].filter(Boolean).join('. ');
}

export interface SemanticMatch {
  /** Blend of cosine similarities: 0.6 × the best passage + 0.4 × the mean of the top 3. */
  similarity: number;
  /** Index of the best body passage (never the title), or -1. */
  bestPassage: number;
}

/**
 * How similar a page's passages are to a direction (a persona, its examples' or its reading's
 * centroid): 0.6 × the best passage + 0.4 × the mean of the top 3. Raw cosine: what it means depends
 * on the model, so lib/core/score/fusion calibrates it from the model's own statistics.
 */
export function semanticMatch(passageVectors: readonly ArrayLike<number>[], direction: ArrayLike<number>): SemanticMatch {
  // A passage whose vector is not a number (an empty text, in some models) is as good as absent.
  const sims = passageVectors.map((v) => dot(v, direction));
  const finite = sims.filter((x) => Number.isFinite(x));
  if (finite.length === 0) return { similarity: NaN, bestPassage: -1 };
  const sorted = finite.sort((a, b) => b - a);
  const top = sorted.slice(0, 3);
  const similarity = 0.6 * (sorted[0] ?? 0) + 0.4 * (top.reduce((a, b) => a + b, 0) / top.length);
  let bestPassage = -1;
  for (let i = 1; i < sims.length; i++) if (Number.isFinite(sims[i]) && (bestPassage < 0 || sims[i]! > sims[bestPassage]!)) bestPassage = i;
  return { similarity, bestPassage };
}

/** Longest passage shown: the same bound the lexical explanation keeps. */
const MAX_SHOWN = 420;

/** Keeps a passage to at most three sentences and a readable length for the explanation. */
export function trimPassage(passage: string): string {
  const s = sentences(passage);
  let out = s.length <= 3 ? passage : s.slice(0, 3).join(' ');
  // Fewer sentences rather than a cut one, unless even the first is too long.
  for (let n = Math.min(3, s.length); out.length > MAX_SHOWN && n > 1; n--) out = s.slice(0, n - 1).join(' ');
  return out.length > MAX_SHOWN ? `${out.slice(0, MAX_SHOWN - 1).replace(/\s+\S*$/, '')}…` : out;
}
