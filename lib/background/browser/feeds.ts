import { browser } from 'wxt/browser';
import { readSettings, type CuratorDb } from '../../store/db';
import type { FeedItem } from '../../store/feeds';
import { formatPercent, t } from '../../i18n/i18n';
import { ignored } from '../../util/log';
import { originPattern } from '../../util/url';
import type { FeedDeps } from '../services/feeds';
import { showFeedPicks } from './badge';
import { isQuietTime, notificationMessage } from './notify';

/** The one alarm: every feed refreshed every `settings.feeds.intervalMinutes`. Set only while there is a feed. */
export const FEED_ALARM = 'feeds';

type Notifications = {
  create(id: string, o: { type: 'basic'; iconUrl: string; title: string; message: string }): Promise<string>;
  onClicked: { addListener(cb: (id: string) => void): void };
};
const notifications = () => (browser as unknown as { notifications?: Notifications }).notifications;

/**
 * A notification for the best new pick a refresh brought, with the existing rules (lib/background/browser/notify):
 * off unless the person turned notifications on, never in quiet hours, only a "Post this" pick at the minimum score.
 */
async function notifyBest(db: CuratorDb, fresh: FeedItem[], getURL: (path: string) => string): Promise<void> {
  const api = notifications();
  if (!api || fresh.length === 0) return;
  const { notify } = await readSettings(db);
  if (!notify.enabled || isQuietTime(new Date(), notify.quietFrom, notify.quietTo)) return;
  const best = fresh.filter((i) => i.pick?.suggested && i.pick.score >= notify.minScore).sort((a, b) => b.pick!.score - a.pick!.score)[0];
  if (!best?.pick) return;
  await api.create(`feed:${best.key}`, {
    type: 'basic',
    iconUrl: getURL('/icon/128.png'),
    title: t('notify_title', best.pick.name, formatPercent(best.pick.score)),
    message: notificationMessage(best.title, best.url),
  });
}

/** The browser's side of feeds: fetch, the permission check, the alarm, the badge and notifications. */
export function feedBrowserDeps(db: CuratorDb, getURL: (path: string) => string): FeedDeps {
  notifications()?.onClicked.addListener((id) => {
    if (!id.startsWith('feed:')) return;
    void db.feedItems
      .get(id.slice('feed:'.length))
      .then((item) => item && browser.tabs.create({ url: item.url }))
      .catch(ignored('feeds'));
  });
  return {
    fetch: (url, init) => fetch(url, init),
    canFetch: (url) => browser.permissions.contains({ origins: [originPattern(url)] }),
    async schedule(minutes) {
      if (minutes === null) {
        await browser.alarms.clear(FEED_ALARM);
        return;
      }
      const current = await browser.alarms.get(FEED_ALARM);
      if (current?.periodInMinutes !== minutes) await browser.alarms.create(FEED_ALARM, { delayInMinutes: minutes, periodInMinutes: minutes });
    },
    onPicks(count, fresh) {
      void showFeedPicks(count).catch(ignored('toolbar'));
      void notifyBest(db, fresh, getURL).catch(ignored('feeds'));
    },
  };
}

/** Refreshes every feed when the schedule's alarm rings (the listener is added at the worker's start, so the alarm wakes it). */
export function listenForFeedAlarm(refreshAll: () => Promise<unknown>): void {
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === FEED_ALARM) void refreshAll().catch(ignored('feeds'));
  });
}
