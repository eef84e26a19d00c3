/** The scorer's public face: scoring a page (score-page.ts) and the statistics it learns from. */
export * from './score-page';
export { DEFAULT_THRESHOLD, type PersonaScore, type ScoringPersona } from './lexical';
export { emptyStats, fromStored, storedRev, toStored, type CorpusStats, type StoredStats } from './stats';
export { applyDelta, parseDelta, type PageDelta } from './delta';
