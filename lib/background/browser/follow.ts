import { liveQuery } from 'dexie';
import { browser } from 'wxt/browser';
import type { Sender } from '../../protocol/router';
import type { SeenStatus } from '../../protocol/requests';
import { readSettings, type CuratorDb } from '../../store/db';
import { CuratorError } from '../../protocol/errors';
import { t } from '../../i18n/i18n';
import { ignored, orNull, logOnce } from '../../util/log';
import { showSeen } from './badge';
import { mayFollowIntoPrivate, mayFollowTab } from './private-tabs';
import { watchLoadedTabs, type LoadedTab } from './tab-watch';

/**
 * While "follow my browsing" is on, a page that finishes loading gets its badge if already curated (its address
 * is visible to us only then; otherwise the popup sets it when opened, and the browser clears it on navigation),
 * and may be worth a notification. Private windows' tabs only if the person allowed it. While follow is off,
 * nothing listens to navigations, so they never wake this worker (see watchLoadedTabs).
 */
export function followBrowsing(deps: { db: CuratorDb; seenForUrl: (url: string) => Promise<SeenStatus | null>; notify: (tabId: number, url: string) => Promise<void> }): void {
  const onLoaded = async (tab: LoadedTab) => {
    const settings = await readSettings(deps.db);
    if (!mayFollowTab(tab, settings)) return;
    const seen = await deps.seenForUrl(tab.url);
    if (seen) await showSeen(tab.tabId, seen);
    await deps.notify(tab.tabId, tab.url);
  };
  const loadedTabs = watchLoadedTabs((tab) => void onLoaded(tab).catch(ignored('background')));
  liveQuery(() => readSettings(deps.db)).subscribe({ next: (settings) => loadedTabs.set(settings.followBrowsing), error: (err: unknown) => logOnce('background', err) });
}

/**
 * The side panel following the active tab says so (its suggestions and its picks): a private window's tab is then
 * read only if the person allowed it.
 */
export function guardFollowing<P extends { tabId: number; following?: boolean | undefined }, R>(
  db: CuratorDb,
  handler: (payload: P, sender: Sender) => Promise<R>,
): (payload: P, sender: Sender) => Promise<R> {
  return async (payload, sender) => {
    if (payload.following) {
      const tab = await browser.tabs.get(payload.tabId).catch(orNull('background'));
      if (tab && !mayFollowIntoPrivate(tab, await readSettings(db))) throw new CuratorError('unreadable', t('error_private_window'));
    }
    return handler(payload, sender);
  };
}
