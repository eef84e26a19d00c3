import { browser } from 'wxt/browser';
import { t, tn } from '../../i18n/i18n';
import { ignored } from '../../util/log';

/** The toolbar button: `action` in Chrome's MV3, `browserAction` in Firefox's MV2. */
function toolbarAction(): typeof browser.action {
  return browser.action ?? (browser as unknown as { browserAction: typeof browser.action }).browserAction;
}

/** A short-lived badge on the toolbar button: the context menu's only way to answer. */
export async function flashBadge(tabId: number | undefined, ok: boolean, title: string): Promise<void> {
  const action = toolbarAction();
  const opts = tabId !== undefined && tabId >= 0 ? { tabId } : {};
  await action.setBadgeBackgroundColor({ color: ok ? '#1f7a4d' : '#b3261e', ...opts });
  await action.setBadgeText({ text: ok ? '✓' : '!', ...opts });
  await action.setTitle({ title, ...opts });
  setTimeout(() => {
    void action.setBadgeText({ text: '', ...opts }).catch(ignored('toolbar'));
    void action.setTitle({ title: t('extension_name'), ...opts }).catch(ignored('toolbar'));
  }, 4_000);
}

/** New strong picks from the person's feeds: the badge every tab shows unless its own article is already curated. */
let feedPicks = 0;
const FEED_COLOR = '#6741d9';
const feedText = () => (feedPicks > 0 ? (feedPicks > 99 ? '99+' : String(feedPicks)) : '');
const feedTitle = () => (feedPicks > 0 ? tn('badge_feed_picks', feedPicks) : t('extension_name'));

/** Counts new strong feed picks on the toolbar button (every tab; a tab's "already curated" mark goes first). */
export async function showFeedPicks(count: number): Promise<void> {
  feedPicks = count;
  const action = toolbarAction();
  await action.setBadgeBackgroundColor({ color: FEED_COLOR });
  await action.setBadgeText({ text: feedText() });
  await action.setTitle({ title: feedTitle() });
}

/**
 * The toolbar badge for a tab whose article is already in the queue: a check
 * mark, blue while queued and green once shared. Chrome and Firefox clear a
 * tab's badge and title when the tab navigates, so nothing else undoes it.
 */
export async function showSeen(tabId: number, seen: { status: 'queued' | 'shared'; personaName: string | null } | null): Promise<void> {
  const action = toolbarAction();
  if (!seen) {
    // A tab's own value hides the button's: it shows the feeds' count (none: no badge, as before feeds).
    if (feedPicks > 0) await action.setBadgeBackgroundColor({ color: FEED_COLOR, tabId });
    await action.setBadgeText({ text: feedText(), tabId });
    await action.setTitle({ title: feedTitle(), tabId });
    return;
  }
  await action.setBadgeBackgroundColor({ color: seen.status === 'shared' ? '#1f7a4d' : '#3b5bdb', tabId });
  await action.setBadgeText({ text: '✓', tabId });
  const title =
    seen.status === 'shared'
      ? seen.personaName
        ? t('badge_seen_shared_for', seen.personaName)
        : t('badge_seen_shared')
      : seen.personaName
        ? t('badge_seen_curated_for', seen.personaName)
        : t('badge_seen_curated');
  await action.setTitle({ title, tabId });
}
