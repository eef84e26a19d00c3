/**
 * What "Post this" means, the same with or without a model: a persona at or above the threshold that
 * is the page's clear choice. The score alone did not say it: on AG News, of the pages whose top
 * persona scored ≥ 0.35, 82–86 % were right, and most wrong ones had a second persona close behind.
 * docs/relevance.md gives the figures and the neighbouring rules tried.
 */
export const POST_THIS = {
  /** Between the threshold and threshold + `strong`, a persona must lead every other by this much (0–1 score). */
  lead: 0.25,
  /** At or above threshold + `strong`, a persona is "Post this" whatever the others score (two personas may both fit). */
  strong: 0.2,
} as const;

export type PostThisRule = { lead: number; strong: number };

/**
 * Marks "Post this" (`suggested`) on scores ranked best first: a persona at or above the threshold
 * that leads every other by `lead`, or one at or above threshold + `strong`. Returns new objects in
 * the same order.
 */
export function markPostThis<T extends { score: number; suggested: boolean }>(ranked: readonly T[], threshold: number, rule: PostThisRule = POST_THIS): T[] {
  return ranked.map((s, i) => {
    const rival = Math.max(0, ...ranked.filter((_, j) => j !== i).map((o) => o.score));
    const leads = s.score - rival >= rule.lead - 1e-9;
    const suggested = s.score >= threshold && (leads || s.score >= threshold + rule.strong);
    return s.suggested === suggested ? s : { ...s, suggested };
  });
}

/** What the views call a persona's match: "Post this", a close call (above the threshold, but another persona fits about as well) or weak. */
export type Verdict = 'post' | 'close' | 'weak';

export function verdictOf(s: { score: number; suggested: boolean }, threshold: number): Verdict {
  if (s.suggested) return 'post';
  return s.score >= threshold ? 'close' : 'weak';
}
