import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { I18nApi } from './i18n';

export interface Message {
  message: string;
  description?: string;
  placeholders?: Record<string, { content: string; example?: string }>;
}

/** Node only (scripts and unit tests): the extension reads the same files through browser.i18n. */
export const LOCALES_DIR = join(import.meta.dirname, '../../assets/public/_locales');

export function readMessages(lang: string): Record<string, Message> {
  return JSON.parse(readFileSync(join(LOCALES_DIR, lang, 'messages.json'), 'utf8')) as Record<string, Message>;
}

/**
 * `browser.i18n` as Chrome implements it, for Node: named `$placeholders$` resolve to their content,
 * then `$1`…`$9` take the substitutions, `$$` is a dollar; missing keys give ''.
 */
export function fakeI18n(lang: string, uiLanguage = lang): I18nApi {
  const messages = readMessages(lang);
  return {
    getUILanguage: () => uiLanguage,
    getMessage(key, substitutions) {
      if (key === '@@bidi_dir') return ['ar', 'he', 'fa', 'ur'].includes(lang.split('-')[0]!) ? 'rtl' : 'ltr';
      const entry = messages[key];
      if (!entry) return '';
      const subs = substitutions === undefined ? [] : Array.isArray(substitutions) ? substitutions : [substitutions];
      const named = entry.message.replace(/\$([a-zA-Z0-9_@]+)\$/g, (all, name: string) => {
        const found = Object.entries(entry.placeholders ?? {}).find(([n]) => n.toLowerCase() === name.toLowerCase());
        return found ? found[1].content : all;
      });
      return named.replace(/\$(\$|[1-9])/g, (_, d: string) => (d === '$' ? '$' : (subs[Number(d) - 1] ?? '')));
    },
  };
}
