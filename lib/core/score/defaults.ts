/**
 * Default "suggest" threshold, chosen on the sample personas and the pages in shared/pages (see docs/scoring.md).
 * The 90%-precision threshold on AG News is far higher and silences almost everything (docs/relevance.md).
 * A leaf module: the stored settings' schema reads it without loading the scorer (stemmers, stop words).
 */
export const DEFAULT_THRESHOLD = 0.35;
