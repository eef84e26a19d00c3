import { browser } from 'wxt/browser';
import type { Handlers } from '../../protocol/router';
import { readSettings, type CuratorDb } from '../../store/db';
import { formatPercent, t } from '../../i18n/i18n';
import { ignored } from '../../util/log';
import { isQuietTime, notificationMessage, notifiedPages, strongMatch, type SessionArea } from './notify';

type Notifications = {
  create(id: string, o: { type: 'basic'; iconUrl: string; title: string; message: string }): Promise<string>;
  onClicked: { addListener(cb: (id: string) => void): void };
};

/**
 * Optional notifications of a strong match while following the person's browsing: off by default,
 * quiet hours respected, once per page (remembered in storage.session), never for a page already
 * curated. The permission is optional: without it, nothing is shown. Clicking one brings its tab forward.
 */
export function createNotifier(deps: { db: CuratorDb; suggest: Handlers['suggest']; getURL: (path: string) => string }): (tabId: number, url: string) => Promise<void> {
  const notifications = () => (browser as unknown as { notifications?: Notifications }).notifications;
  const notified = notifiedPages((browser.storage as unknown as { session?: SessionArea }).session);
  notifications()?.onClicked.addListener((id) => {
    const tabId = Number(id.split(':')[1]);
    if (Number.isInteger(tabId)) void browser.tabs.update(tabId, { active: true }).catch(ignored('background'));
  });
  return async (tabId, url) => {
    const settings = await readSettings(deps.db);
    const api = notifications();
    if (!api || !settings.followBrowsing || !settings.notify.enabled || (await notified.has(url))) return;
    // In quiet hours the page is not even read.
    if (isQuietTime(new Date(), settings.notify.quietFrom, settings.notify.quietTo)) return;
    const match = strongMatch(await deps.suggest({ tabId }, {}), settings.notify, new Date());
    if (!match) return;
    await notified.add(url);
    await api.create(`strong:${tabId}:${Date.now()}`, {
      type: 'basic',
      iconUrl: deps.getURL('/icon/128.png'),
      title: t('notify_title', match.personaName, formatPercent(match.score)),
      message: notificationMessage(match.title, url),
    });
  };
}
