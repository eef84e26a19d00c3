import type { PageModel } from './lexical';

/** The longest quote a reason shows. */
const MAX_PASSAGE_CHARS = 420;

/** The window of up to three sentences that covers the most of a persona's weight: the quote a reason shows. */
export function bestPassage(model: PageModel, weightOf: (term: string) => number): string {
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
      for (const term of next.terms) seen.add(term);
      let score = 0;
      for (const term of seen) score += weightOf(term);
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
    best = s
      .slice(0, 2)
      .map((x) => x.text)
      .join(' ');
  }
  return best.length > MAX_PASSAGE_CHARS ? `${best.slice(0, MAX_PASSAGE_CHARS - 1).replace(/\s+\S*$/, '')}…` : best;
}
