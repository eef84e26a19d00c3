import type { LearnedSignals } from './learn';

/* The scorer's inputs and outputs, shared by the word matching, the model's fusion and the views. */

/** The parts of a persona the scorer reads. */
export interface ScoringPersona {
  id: string;
  name: string;
  description: string;
  keywords: readonly string[];
  avoid: readonly string[];
  /** What the person curated or rated for this persona: learned from, Rocchio-style. */
  examples?: readonly ScoringExample[];
}

export interface ScoringExample {
  positive: boolean;
  title?: string;
  text?: string;
}

/** The parts of a page the scorer reads. */
export interface ScoringPage {
  title: string;
  text: string;
  lang?: string | null | undefined;
}

export interface Reason {
  /** Terms that produced the score, as the page spells them, strongest first (at most 8). */
  matchedTerms: string[];
  /**
   * Every term's share of the raw score, strongest first: the persona's own
   * words and what it learned from examples and reading. They sum to `raw`.
   */
  contributions: { term: string; value: number }[];
  /** The raw score before it is mapped to 0–1 (score = sqrt(raw), capped at 1). */
  raw: number;
  /** Words to avoid that the page contains. */
  avoidedTerms: string[];
  /** The page's best-matching passage: one to three sentences. */
  passage: string;
  /** The language the page was scored in. */
  language: string;
  /** The language has no stemmer or stop words here: words were matched exactly as written (the view says so, in its language). */
  unstemmed?: true;
  /**
   * With the on-device model, so the explanation says where the score came from: `words`, the word matching's
   * score, and `meaning`, the share of pages read that the model finds less close to the persona (0 while it has
   * no history to calibrate on). hybrid: words adjusted by meaning (lib/core/score/fusion.ts); semantic (a language
   * word matching cannot read): meaning alone.
   */
  blend?: { mode: 'hybrid' | 'semantic'; words: number; meaning: number };
}

export interface PersonaScore {
  personaId: string;
  name: string;
  /** 0 (nothing in common) to 1. */
  score: number;
  /** "Post this": the score passes the threshold and the persona is the page's clear choice (lib/core/score/strength). */
  suggested: boolean;
  reason: Reason;
}

export interface LexicalOptions {
  threshold?: number;
  /** What each persona learned (by persona id). */
  learned?: ReadonlyMap<string, LearnedSignals>;
}
