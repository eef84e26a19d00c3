import type { SuggestResult } from '../messages/protocol';
import type { Settings } from '../db/schema';

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
