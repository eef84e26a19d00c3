import { eng, fra } from 'stopword';
import { stemmer as stemEnglish } from '@orama/stemmers/english';
import { stemmer as stemFrench } from '@orama/stemmers/french';

/** Languages the lexical scorer stems and filters stop words for. */
export type SupportedLanguage = 'en' | 'fr';

export interface LanguageKit {
  readonly code: SupportedLanguage;
  readonly stopWords: ReadonlySet<string>;
  readonly stem: (word: string) => string;
}

// stopword's lists are short; add the contractions and web filler that
// otherwise dominate news pages ("said", "l'", "qu'").
const EXTRA_EN = (
  'said says also would could one two three new like get got just us s t don can will may might must much many even still yet however though via per etc mr mrs ms ' +
  'without within across around among amid upon onto against along behind beyond despite during except inside near outside toward towards unless until ' +
  'whether whose whom every either neither others own rather quite really almost already always often sometimes ever soon later back away ' +
  'made makes making use used uses using thing things lot lots need needs want wants see sees seen know knows think thinks go goes going gone went ' +
  'look looks good great first last next few less least let lets put puts seem seems seemed shall should therefore thus whereas wherever whatever ' +
  "whoever yes no not nor none nothing something anything everything someone anyone everyone able around ago its it's"
).split(' ');
const EXTRA_FR = [
  'l',
  'd',
  'j',
  'm',
  'n',
  's',
  't',
  'c',
  'qu',
  'a',
  'été',
  'être',
  'fait',
  'faire',
  'aussi',
  'plus',
  'cette',
  'ces',
  'comme',
  'dont',
  'tout',
  'tous',
  'selon',
  'après',
  'avant',
  'sans',
  'entre',
  'très',
  'peut',
  'déjà',
  'encore',
];

const KITS: Record<SupportedLanguage, LanguageKit> = {
  en: { code: 'en', stopWords: new Set([...eng, ...EXTRA_EN]), stem: stemEnglish },
  fr: { code: 'fr', stopWords: new Set([...fra, ...EXTRA_FR]), stem: stemFrench },
};

export function languageKit(code: SupportedLanguage): LanguageKit {
  return KITS[code];
}

/** Reduces a BCP 47 tag ("en-GB", "FR_ca") to its primary subtag, or null. */
export function primaryLanguage(tag: string | null | undefined): string | null {
  if (!tag) return null;
  const primary = tag.trim().toLowerCase().split(/[-_]/)[0] ?? '';
  return /^[a-z]{2,3}$/.test(primary) ? primary : null;
}

export function isSupported(code: string | null): code is SupportedLanguage {
  return code === 'en' || code === 'fr';
}

const WORD = /[\p{L}\p{N}]+/gu;

/**
 * Guesses the language of a text when markup does not say: English or French
 * by stop-word share, or the script for texts that are neither (so that a
 * Chinese page is never silently scored as English).
 */
export function detectLanguage(text: string): string {
  const sample = text.slice(0, 20_000);
  const words = sample.toLowerCase().match(WORD) ?? [];
  if (words.length === 0) return 'und';
  let en = 0;
  let fr = 0;
  for (const w of words) {
    if (KITS.en.stopWords.has(w)) en++;
    if (KITS.fr.stopWords.has(w)) fr++;
  }
  const latin = (sample.match(/\p{Script=Latin}/gu) ?? []).length;
  const letters = (sample.match(/\p{L}/gu) ?? []).length || 1;
  if (latin / letters < 0.5) return scriptLanguage(sample);
  const share = Math.max(en, fr) / words.length;
  if (share < 0.08) return 'und';
  return en >= fr ? 'en' : 'fr';
}

function scriptLanguage(sample: string): string {
  const count = (re: RegExp): number => (sample.match(re) ?? []).length;
  const scores: [string, number][] = [
    ['ja', count(/[\p{Script=Hiragana}\p{Script=Katakana}]/gu) * 3],
    ['zh', count(/\p{Script=Han}/gu)],
    ['ko', count(/\p{Script=Hangul}/gu)],
    ['ar', count(/\p{Script=Arabic}/gu)],
    ['he', count(/\p{Script=Hebrew}/gu)],
    ['ru', count(/\p{Script=Cyrillic}/gu)],
    ['el', count(/\p{Script=Greek}/gu)],
  ];
  scores.sort((a, b) => b[1] - a[1]);
  const top = scores[0];
  return top && top[1] > 0 ? top[0] : 'und';
}

/**
 * Resolves the language to score a text in: the declared one when it is a real
 * tag, else detection. A declared "en" on a page full of French wins over
 * detection only when detection cannot tell.
 */
export function resolveLanguage(declared: string | null | undefined, text: string): string {
  const fromMarkup = primaryLanguage(declared);
  const detected = detectLanguage(text);
  if (!fromMarkup) return detected;
  if (isSupported(fromMarkup) && isSupported(detected) && detected !== fromMarkup) return detected;
  return fromMarkup;
}
