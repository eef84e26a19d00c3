import { extractFromHtml } from '../extract/from-html';
import type { ModelInfo } from '../../model/catalog';
import type { Embed, VectorCache } from './hybrid';
import type { PersonaScore, ScoreMode, ScoringPersona } from './index';
import { newPipelineState, scoreThrough } from './pipeline';

/** One input line of the score CLI. */
export interface BatchDoc {
  id: string | number;
  url?: string;
  title?: string;
  text?: string;
  html?: string;
}

export interface BatchResult {
  id: string | number;
  best: string | null;
  scores: Record<string, number>;
  mode: ScoreMode;
  notArticle?: string;
  /** The full ranked scores with reasons, for callers that want them. */
  ranked: PersonaScore[];
}

export interface BatchOptions {
  personas: readonly ScoringPersona[];
  threshold: number;
  semantic?: { info: ModelInfo; embed: Embed; cache?: VectorCache };
}

/**
 * Scores pages one at a time, in order, as the extension sees them, through the extension's own pipeline
 * (lib/core/score/pipeline): each is added to the term statistics, then scored; html is extracted exactly as the
 * content script would. Used by the score CLI.
 */
export function createBatchScorer(options: BatchOptions) {
  // The statistics, and the model's calibration and reading, learned from the pages of this run as the extension learns from browsing.
  const state = newPipelineState();
  return async (doc: BatchDoc): Promise<BatchResult> => {
    let page = { title: doc.title ?? '', text: doc.text ?? '', lang: null as string | null };
    if (doc.html !== undefined) {
      const snap = extractFromHtml(doc.html, doc.url ?? 'https://example.invalid/');
      if (snap.notArticle) {
        // As in the extension: a page that is not an article gets no suggestion.
        return { id: doc.id, best: null, scores: Object.fromEntries(options.personas.map((p) => [p.name, 0])), mode: 'lexical', notArticle: snap.notArticle, ranked: [] };
      }
      page = { title: doc.title ?? snap.title, text: snap.text, lang: snap.lang };
    }
    const { mode, scores: ranked } = await scoreThrough(page, options.personas, state, options.threshold, options.semantic);
    const top = ranked[0];
    return { id: doc.id, best: top && top.suggested ? top.name : null, scores: Object.fromEntries(ranked.map((s) => [s.name, s.score])), mode, ranked };
  };
}
