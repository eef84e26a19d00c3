// Kept free of imports: the persona schema (read by the background) needs the style names,
// and must not pull in the drafting code and twitter-text.

/** Story styles a persona can post in. */
export const STYLES = ['quote', 'headline', 'question', 'number', 'thread'] as const;
export type Style = (typeof STYLES)[number];
