import type { SuggestResult } from '../../protocol/requests';
import { t } from '../../i18n/i18n';
import type { Settings } from '../../store/schema';

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Whether a time falls in the quiet hours [from, to), which may wrap past midnight (22:00–08:00). Equal bounds: never quiet. */
export function isQuietTime(at: Date, from: string, to: string): boolean {
  const now = at.getHours() * 60 + at.getMinutes();
  const a = minutes(from);
  const b = minutes(to);
  if (a === b) return false;
  return a < b ? now >= a && now < b : now >= a || now < b;
}

/**
 * The suggestion worth a notification, if any: notifications on, outside the
 * quiet hours, the page not already curated, and the best persona suggested
 * with at least the minimum score.
 */
export function strongMatch(result: Pick<SuggestResult, 'suggestions' | 'seen' | 'page'>, notify: Settings['notify'], at: Date): { personaName: string; score: number; title: string } | null {
  if (!notify.enabled || isQuietTime(at, notify.quietFrom, notify.quietTo) || result.seen || result.page.notArticle) return null;
  const best = result.suggestions[0];
  if (!best || !best.suggested || best.score < notify.minScore) return null;
  return { personaName: best.name, score: best.score, title: result.page.title };
}

/** Longest page title a notification shows, in characters (graphemes are not split: titles are cut at a code point). */
export const NOTIFY_TITLE_MAX = 80;
/** Line breaks, other control characters and bidirectional controls: a title could use them to push the host out of view or reorder it. */
// eslint-disable-next-line no-control-regex
const UNSAFE_IN_TITLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]+/g;

/**
 * A notification's body: the host of the tab's own address, then the page's title, cut short. A page words its
 * title as it likes ("Your bank account is locked"), so the host comes first, from the address the browser
 * gave us (never the page's canonical link or og:url), as the URL parser writes it: an internationalised
 * name stays in its `xn--` form, so a look-alike host cannot pass for another. Chrome and Firefox both show
 * a notification's message (Firefox ignores `contextMessage`), so the host goes there.
 */
export function notificationMessage(pageTitle: string, tabUrl: string): string {
  let host: string;
  try {
    host = new URL(tabUrl).hostname;
  } catch {
    // An address that does not parse has no host to name: the title goes alone.
    host = '';
  }
  const clean = pageTitle.replace(UNSAFE_IN_TITLE, ' ').replace(/\s+/g, ' ').trim();
  const chars = [...clean];
  const title =
    chars.length > NOTIFY_TITLE_MAX
      ? `${chars
          .slice(0, NOTIFY_TITLE_MAX - 1)
          .join('')
          .trimEnd()}…`
      : clean;
  return t('notify_message', host, title);
}

/** The part of `storage.session` the notification memory uses. */
export interface SessionArea {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
}

/** Pages remembered as notified, newest last: older ones go past it. */
export const NOTIFIED_CAP = 500;
const NOTIFIED_KEY = 'notifiedPages';

/**
 * Which pages were already notified, "once per page": kept in `storage.session`, which outlives a service worker
 * stopped between two pages (a set in the worker's memory forgot them, and notified again) but not the browser
 * session. Without that area (an old browser), the worker's memory stands in.
 */
export function notifiedPages(area: SessionArea | undefined): { has(url: string): Promise<boolean>; add(url: string): Promise<void> } {
  let memory: string[] = [];
  const read = async (): Promise<string[]> => {
    if (!area) return memory;
    const stored = (await area.get(NOTIFIED_KEY))[NOTIFIED_KEY];
    return Array.isArray(stored) ? stored.filter((u): u is string => typeof u === 'string') : [];
  };
  return {
    has: async (url) => (await read()).includes(url),
    async add(url) {
      const next = [...(await read()).filter((u) => u !== url), url].slice(-NOTIFIED_CAP);
      if (area) await area.set({ [NOTIFIED_KEY]: next });
      else memory = next;
    },
  };
}
