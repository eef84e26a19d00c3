import { detectLanguage, isSupported, languageKit } from '../text/language';
import { tokenize } from '../text/tokenize';
import type { ScoringPersona } from './scoring';

/**
 * Weight of a persona's words by where they appear. `label`: what a name word that nothing else in the
 * persona repeats earns when a page matches it ("Watch" of "Policy Watch" matched "watched" in a story
 * about whales), as a share of its weight.
 */
const WEIGHT = { name: 2, description: 1, keyword: 3, label: 0.25 } as const;
/**
 * Words that describe what a persona does rather than what it is about
 * ("shares news and stories for..."). They are not topics, so they are left
 * out of its profile. Generic to every persona, in the languages we stem.
 */
const PERSONA_FILLER = new Set(
  [
    'share',
    'shares',
    'sharing',
    'post',
    'posts',
    'posting',
    'news',
    'story',
    'stories',
    'article',
    'articles',
    'content',
    'update',
    'updates',
    'audience',
    'people',
    'readers',
    'followers',
    'voice',
    'tone',
    'plain',
    'language',
    'general',
    'calm',
    'factual',
    'curious',
    'professionals',
    'partage',
    'partager',
    'publie',
    'publier',
    'actualité',
    'actualités',
    'nouvelles',
    'histoires',
    'articles',
    'contenu',
    'public',
    'lecteurs',
    'ton',
  ].flatMap((w) => [w, ...['en', 'fr'].flatMap((lang) => tokenize(w, lang).map((token) => token.term))]),
);

export interface WeightedTerm {
  term: string;
  weight: number;
  /** What matching it earns, as a share of its weight (1 unless set): a label word earns little. */
  gain?: number;
}

/** Builds the persona's query in the page's language, so both sides share one stemmer. */
export function personaProfile(persona: ScoringPersona, language: string): { terms: WeightedTerm[]; avoid: string[] } {
  const weights = new Map<string, number>();
  // A page in a language we do not stem keeps every word, but the persona's own stop words ("and", "to" of an
  // English persona) still say nothing about its topic: a Czech page containing "to" ("it") is no match.
  const own = isSupported(language) ? null : detectLanguage(`${persona.name}. ${persona.description}`);
  const ownStopWords = own && isSupported(own) ? languageKit(own).stopWords : null;
  const filler = (surface: string, term: string) => PERSONA_FILLER.has(surface) || PERSONA_FILLER.has(term) || ownStopWords?.has(surface) === true;
  const add = (text: string, w: number): void => {
    for (const { term, surface } of tokenize(text, language)) {
      if (filler(surface, term)) continue;
      weights.set(term, Math.min(6, (weights.get(term) ?? 0) + w));
    }
  };
  add(persona.description, WEIGHT.description);
  // A keyword is the person's explicit word: never dropped as filler.
  for (const k of persona.keywords) for (const { term } of tokenize(k, language)) weights.set(term, Math.min(6, (weights.get(term) ?? 0) + WEIGHT.keyword));
  // A name word the description or keywords confirm ("Policy" of "Policy Watch", "Tech" of "technology")
  // states the topic and counts double; one they don't ("Watch", "Desk", "Lab") names the persona rather
  // than its topic: matching it earns a quarter of that. Either way it is then weighed by its IDF.
  const topical = [...weights.keys()];
  const confirmed = (term: string) => topical.some((topic) => topic === term || (Math.min(topic.length, term.length) >= 3 && (topic.startsWith(term) || term.startsWith(topic))));
  const labels = new Set<string>();
  for (const { term, surface } of tokenize(persona.name, language)) {
    if (filler(surface, term)) continue;
    if (!confirmed(term)) labels.add(term);
    weights.set(term, Math.min(6, (weights.get(term) ?? 0) + WEIGHT.name));
  }
  const avoid = new Set<string>();
  for (const a of persona.avoid) for (const { term } of tokenize(a, language)) avoid.add(term);
  for (const a of avoid) weights.delete(a);
  return { terms: [...weights].map(([term, weight]) => ({ term, weight, ...(labels.has(term) ? { gain: WEIGHT.label } : {}) })), avoid: [...avoid] };
}
