import { sentences } from '../text/tokenize';

/** Facts from a page that drafts can be built on, found offline. */
export interface PageFacts {
  /** Sentences that carry a figure (a percentage, an amount, a count), shortest first. */
  numbers: string[];
  /** The first question the article asks, if any. */
  question: string | null;
}

const FIGURE = /(?:[$€£¥]\s?\d|\d[\d.,]*\s?(?:%|percent|per cent|million|billion|trillion|thousand|k\b|m\b|bn\b)|\b\d{1,3}(?:[.,]\d{3})+\b|\b\d+(?:[.,]\d+)?\b)/iu;
const YEAR_ONLY = /^\D*(?:19|20)\d{2}\D*$/;

/** Finds the page's key numbers and first question, from its first 200 sentences. */
export function pageFacts(text: string): PageFacts {
  const all = sentences(text, 200);
  const numbers = all
    .filter((s) => s.length >= 20 && s.length <= 240 && FIGURE.test(s) && !YEAR_ONLY.test(s.replace(/[^\d\s]/g, ' ').trim()))
    .sort((a, b) => a.length - b.length)
    .slice(0, 3);
  const question = all.find((s) => /\?\s*["”»]?$/.test(s) && s.length >= 10 && s.length <= 200) ?? null;
  return { numbers, question };
}
