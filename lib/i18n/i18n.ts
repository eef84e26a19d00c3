import type english from '../../assets/public/_locales/en/messages.json';

/**
 * The UI's words, from `_locales/<lang>/messages.json` through the browser's own i18n API
 * (synchronous, works in pages, the service worker and Firefox's background page).
 * `@wxt-dev/i18n` was not used: it adds a build step and a dependency for what a dozen lines do here.
 * The browser has no plural forms: a counted message is two keys, `<base>_one` and `<base>_other`, chosen
 * with Intl.PluralRules in the messages' own language.
 */

/** Every message key, checked by the compiler against the English file. */
export type MessageKey = keyof typeof english;
/** Counted messages: `<base>_one` and `<base>_other` both exist. */
type PluralBase<K> = K extends `${infer B}_one` ? (`${B}_other` extends MessageKey ? B : never) : never;
export type PluralKey = PluralBase<MessageKey>;

/** The part of `browser.i18n` used here. */
export interface I18nApi {
  getMessage(key: string, substitutions?: string | string[]): string;
  getUILanguage(): string;
}

let override: I18nApi | null = null;

/** Node has no `browser.i18n`: unit tests and scripts install one (tests/unit/i18n-setup.ts). */
export function setI18nApi(api: I18nApi | null): void {
  override = api;
  cache.clear();
}

function api(): I18nApi | undefined {
  if (override) return override;
  // Read lazily from the global: `wxt/browser` would throw when imported in Node, and i18n needs no polyfill.
  const g = globalThis as { browser?: { i18n?: I18nApi }; chrome?: { i18n?: I18nApi } };
  return g.browser?.i18n ?? g.chrome?.i18n;
}

/** Intl formatters are slow to build and used per row: one per locale and kind. */
const cache = new Map<string, unknown>();
function cached<T>(id: string, make: () => T): T {
  let value = cache.get(id) as T | undefined;
  if (!value) cache.set(id, (value = make()));
  return value;
}

/** The browser's UI language, for dates and numbers (a person reading English text may still want 24-hour times). */
export function uiLocale(): string {
  return api()?.getUILanguage() || 'en';
}

/** The language of the messages shown (the browser may fall back to English): for plural rules and `<html lang>`. */
export function messagesLocale(): string {
  return api()?.getMessage('messages_locale') || 'en';
}

type Substitution = string | number;
const asText = (s: Substitution) => (typeof s === 'number' ? formatNumber(s) : s);

/** A message with its `$1`… substitutions filled in; numbers are formatted for the UI locale. Shows the key if missing. */
export function t(key: MessageKey, ...substitutions: Substitution[]): string {
  const text = api()?.getMessage(key, substitutions.map(asText));
  return text || key;
}

/** A counted message: `count` (formatted) is the first substitution, the others follow. */
export function tn(base: PluralKey, count: number, ...substitutions: Substitution[]): string {
  const lang = messagesLocale();
  const category = cached(`plural:${lang}`, () => new Intl.PluralRules(lang)).select(count);
  // French has a "many" form for millions (CLDR); like every other form but "one", it reads the plural.
  return t(category === 'one' ? (`${base}_one` as MessageKey) : (`${base}_other` as MessageKey), count, ...substitutions);
}

/** 10,000 in English, 10 000 in French. */
export function formatNumber(n: number): string {
  return cached(`number:${uiLocale()}`, () => new Intl.NumberFormat(uiLocale())).format(n);
}

/** 0.42 → "42%" (or "42 %"). */
export function formatPercent(fraction: number): string {
  return cached(`percent:${uiLocale()}`, () => new Intl.NumberFormat(uiLocale(), { style: 'percent', maximumFractionDigits: 0 })).format(fraction);
}

/** Bytes as megabytes, with one decimal under 10 MB: "23 MB", "1,5 Mo". */
export function formatMegabytes(bytes: number): string {
  const digits = bytes < 10_000_000 ? 1 : 0;
  return cached(`mb:${uiLocale()}:${digits}`, () => new Intl.NumberFormat(uiLocale(), { style: 'unit', unit: 'megabyte', minimumFractionDigits: digits, maximumFractionDigits: digits })).format(
    bytes / 1_000_000,
  );
}

/** A date and time in the UI locale: "26 Nov 2026, 10:00" / "26 nov. 2026, 10:00". */
export function formatDateTime(ms: number): string {
  return cached(`datetime:${uiLocale()}`, () => new Intl.DateTimeFormat(uiLocale(), { dateStyle: 'medium', timeStyle: 'short' })).format(ms);
}

/** A date in the UI locale: "26 Nov 2026" / "26 nov. 2026". */
export function formatDate(ms: number): string {
  return cached(`date:${uiLocale()}`, () => new Intl.DateTimeFormat(uiLocale(), { dateStyle: 'medium' })).format(ms);
}

/** A list in the UI's language: "a, b and c" / "a, b et c". */
export function formatList(items: readonly string[]): string {
  const lang = messagesLocale();
  return cached(`list:${lang}`, () => new Intl.ListFormat(lang, { type: 'unit' })).format(items);
}

/** A language code as a name in the UI's language ("zh" → "Chinese" / "chinois"); the code itself if unknown. */
export function languageName(code: string): string {
  const lang = messagesLocale();
  try {
    return cached(`language:${lang}`, () => new Intl.DisplayNames(lang, { type: 'language' })).of(code) ?? code;
  } catch {
    // A code Intl cannot name (not a well-formed language tag): the code itself is the name.
    return code;
  }
}

/**
 * Sets the page's language, direction and title from the messages: `dir` from the browser's `@@bidi_dir`
 * (rtl for Arabic, Hebrew, Persian…), so the layout follows the UI language; page text keeps its own `dir="auto"`.
 */
export function localizeDocument(titleKey: MessageKey): void {
  const root = document.documentElement;
  root.lang = messagesLocale();
  root.dir = api()?.getMessage('@@bidi_dir') === 'rtl' ? 'rtl' : 'ltr';
  document.title = t(titleKey);
}
