import { isSupported, languageKit } from './language';
import { segmentBounded } from './segment';

/** A term after normalisation: its stem (the key) and the surface word it came from. */
export interface Token {
  readonly term: string;
  readonly surface: string;
}

const WORD = /[\p{L}\p{N}][\p{L}\p{N}\p{M}'’_-]*/gu;
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}]/u;

let wordSegmenter: Intl.Segmenter | null = null;

/** Whether words in this text are found by Intl.Segmenter (it has CJK or Thai in it), which costs far more per character than a regex. */
export function usesSegmenter(text: string): boolean {
  return CJK.test(text);
}

function rawWords(text: string): string[] {
  if (CJK.test(text)) {
    // Scripts without spaces: let ICU find word boundaries, in bounded pieces (lib/core/text/segment).
    wordSegmenter ??= new Intl.Segmenter(undefined, { granularity: 'word' });
    const out: string[] = [];
    for (const seg of segmentBounded(wordSegmenter, text)) if (seg.isWordLike) out.push(seg.segment);
    return out;
  }
  return text.match(WORD) ?? [];
}

/**
 * Splits text into terms for the lexical scorer: lower-cased, elisions and
 * possessives removed ("l'économie" → "économie", "Apple's" → "apple"),
 * stop words dropped and stems taken for the languages we know. Other
 * languages keep whole lower-cased words.
 */
export function tokenize(text: string, language: string): Token[] {
  const kit = isSupported(language) ? languageKit(language) : null;
  const out: Token[] = [];
  for (const raw of rawWords(text.normalize('NFC'))) {
    for (const part of raw.split(/[-_]+/)) {
      let word = part.toLowerCase().replace(/’/g, "'");
      if (kit?.code === 'fr') word = word.replace(/^(?:[ldjmnstc]|qu|jusqu|lorsqu|puisqu)'/, '');
      word = word.replace(/'s?$/, '').replace(/'/g, '');
      if (word.length < 2 && !/\p{N}/u.test(word) && !CJK.test(word)) continue;
      if (/^\p{N}+$/u.test(word) && word.length < 4) continue; // bare small numbers say little
      if (kit?.stopWords.has(word)) continue;
      const term = kit ? kit.stem(word) : word;
      if (!term) continue;
      out.push({ term, surface: word });
    }
  }
  return out;
}

export function terms(text: string, language: string): string[] {
  return tokenize(text, language).map((token) => token.term);
}

let sentenceSegmenter: Intl.Segmenter | null = null;

/**
 * Splits text into sentences with ICU's sentence rules, trimmed and non-empty;
 * at most `limit` of them (the rest of the text is not segmented). A run of
 * more than 2,000 characters without a sentence end is cut into pieces of that
 * size (lib/core/text/segment).
 */
export function sentences(text: string, limit = Infinity): string[] {
  sentenceSegmenter ??= new Intl.Segmenter(undefined, { granularity: 'sentence' });
  const out: string[] = [];
  for (const paragraph of text.split(/\n\s*\n|\n(?=\s*[-•*]\s)/)) {
    for (const seg of segmentBounded(sentenceSegmenter, paragraph)) {
      if (out.length >= limit) return out;
      const s = seg.segment.replace(/\s+/g, ' ').trim();
      if (s) out.push(s);
    }
  }
  return out;
}
