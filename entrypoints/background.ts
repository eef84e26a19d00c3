import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { createCurator } from '../lib/background/curator';
import { createMenus, flashBadge, MENU, readTab, showSeen } from '../lib/background/browser-glue';
import { db, KV, readSettings, reopenIfClosed } from '../lib/db/db';
import { createRouter, type Sender } from '../lib/protocol/router';
import { sendPush } from '../lib/protocol/push';
import { isModelHostMessage, TestDownloadSchema } from '../lib/protocol/model-host';
import { draftForSuggestion } from '../lib/draft/for-suggestion';
import { createSync, type SyncArea } from '../lib/sync/sync';
import { createModelControl } from '../lib/model/control';
import { hostPageRunner } from '../lib/model/runners';
import { CuratorError } from '../lib/protocol/errors';
import { formatPercent, t } from '../lib/i18n/i18n';
import { isQuietTime, notificationMessage, notifiedPages, strongMatch, type SessionArea } from '../lib/background/notify';
import { watchLoadedTabs, type LoadedTab } from '../lib/background/tab-watch';
import { mayFollowIntoPrivate, mayFollowTab } from '../lib/background/private-tabs';
import { liveQuery } from 'dexie';
import { ignored, orNull } from '../lib/util/log';

export default defineBackground(() => {
  const database = db();
  const getURL = browser.runtime.getURL as (path: string) => string;

  // Models copied in by a MODEL_DIR build are listed in models/bundled.json.
  let bundled: Promise<string[]> | null = null;
  const bundledIds = () =>
    (bundled ??= fetch(getURL('/models/bundled.json'))
      .then((r) => (r.ok ? (r.json() as Promise<{ models?: unknown }>) : { models: [] }))
      .then((j) => (Array.isArray(j.models) ? j.models.filter((m): m is string => typeof m === 'string') : []))
      // A build without MODEL_DIR ships no models/bundled.json, and fetching it fails: no bundled models.
      .catch(() => []));

  const runner = hostPageRunner(database, import.meta.env.FIREFOX ? 'frame' : 'offscreen');
  const model = createModelControl({
    db: database,
    runner,
    bundledIds,
    ...(__PC_TEST_BUILD__
      ? {
          remoteHost: async () => (await database.kv.get(KV.testModelHost))?.value as string | undefined,
          testDownload: async () => {
            const parsed = TestDownloadSchema.safeParse((await database.kv.get(KV.testModelFiles))?.value);
            return parsed.success ? parsed.data : undefined;
          },
        }
      : {}),
  });

  const phaseLog = new Map<number, Record<string, number>>();
  // Test builds: an end-to-end test may hold the model's answers back, then let them go, to see a slow model's effect.
  let held: { until: Promise<void>; release: () => void } | null = null;
  const holdModel = () => {
    let release!: () => void;
    const until = new Promise<void>((resolve) => (release = resolve));
    held = { until, release };
  };
  const releaseModel = () => {
    held?.release();
    held = null;
  };
  const curator = createCurator({
    db: database,
    readTab,
    model: __PC_TEST_BUILD__
      ? {
          ...model,
          embed: async (...args: Parameters<typeof model.embed>) => {
            await held?.until;
            return model.embed(...args);
          },
        }
      : model,
    onSeen: (tabId, seen) => void showSeen(tabId, seen).catch(ignored('background')),
    // Test builds keep each tab's last suggestion's step times for the end-to-end tests (hostile pages' timings).
    ...(__PC_TEST_BUILD__ ? { onPhases: (tabId: number, phases: Record<string, number>) => void phaseLog.set(tabId, phases) } : {}),
    // The model's answer after a view's progressive suggestion: the views replace their suggestions in place.
    onUpgraded: (upgrade) => void sendPush('suggest.upgraded', upgrade),
  });
  // While "follow my browsing" is on, a page that finishes loading gets its badge if already curated (its address
  // is visible to us only then; otherwise the popup sets it when opened, and the browser clears it on navigation),
  // and may be worth a notification. Private windows' tabs only if the person allowed it. While follow is off,
  // nothing listens to navigations, so they never wake this worker (see watchLoadedTabs).
  const onLoaded = async (tab: LoadedTab) => {
    const settings = await readSettings(database);
    if (!mayFollowTab(tab, settings)) return;
    const seen = await curator.seenForUrl(tab.url);
    if (seen) await showSeen(tab.tabId, seen);
    await maybeNotify(tab.tabId, tab.url);
  };
  const loadedTabs = watchLoadedTabs((tab) => void onLoaded(tab).catch(ignored('background')));
  liveQuery(() => readSettings(database)).subscribe({ next: (settings) => loadedTabs.set(settings.followBrowsing), error: ignored('background') });

  // Optional notifications of a strong match while following the person's browsing: off by default,
  // quiet hours respected, once per page, never for a page already curated. The permission is optional.
  type Notifications = {
    create(id: string, o: { type: 'basic'; iconUrl: string; title: string; message: string }): Promise<string>;
    onClicked: { addListener(cb: (id: string) => void): void };
  };
  const notifications = () => (browser as unknown as { notifications?: Notifications }).notifications;
  const notified = notifiedPages((browser.storage as unknown as { session?: SessionArea }).session);
  const maybeNotify = async (tabId: number, url: string) => {
    const settings = await readSettings(database);
    const api = notifications();
    if (!api || !settings.followBrowsing || !settings.notify.enabled || (await notified.has(url))) return;
    // In quiet hours the page is not even read.
    if (isQuietTime(new Date(), settings.notify.quietFrom, settings.notify.quietTo)) return;
    const match = strongMatch(await curator.handlers.suggest({ tabId }, {}), settings.notify, new Date());
    if (!match) return;
    await notified.add(url);
    await api.create(`strong:${tabId}:${Date.now()}`, {
      type: 'basic',
      iconUrl: getURL('/icon/128.png'),
      title: t('notify_title', match.personaName, formatPercent(match.score)),
      message: notificationMessage(match.title, url),
    });
  };
  notifications()?.onClicked.addListener((id) => {
    const tabId = Number(id.split(':')[1]);
    if (Number.isInteger(tabId)) void browser.tabs.update(tabId, { active: true }).catch(ignored('background'));
  });
  // The side panel following the active tab says so: a private window's tab is then read only if the person allowed it.
  const handlers: typeof curator.handlers = {
    ...curator.handlers,
    suggest: async (payload, sender) => {
      if (payload.following) {
        const tab = await browser.tabs.get(payload.tabId).catch(orNull('background'));
        if (tab && !mayFollowIntoPrivate(tab, await readSettings(database))) throw new CuratorError('unreadable', t('error_private_window'));
      }
      return curator.handlers.suggest(payload, sender);
    },
  };
  const route = createRouter(handlers, {
    id: browser.runtime.id,
    pageOrigin: getURL('/'),
    // Chrome closes the connection when the disk fills; let the next request open it again.
    onStorageError: () => reopenIfClosed(database),
  });

  // Messages for the model host pass by: the offscreen document answers those.
  browser.runtime.onMessage.addListener((message: unknown, sender: Sender) => (isModelHostMessage(message) ? undefined : route(message, sender)));

  browser.runtime.onInstalled.addListener((details: { reason?: string }) => {
    void createMenus();
    // A first install opens the welcome page: a persona from a template, the model, "follow", the privacy statement.
    if (details.reason === 'install') void browser.tabs.create({ url: getURL('/onboarding.html') }).catch(ignored('background'));
    void curator.installSamples().catch((err: unknown) => console.error('Persona Curator: could not install sample personas', err));
  });
  browser.runtime.onStartup.addListener(() => void createMenus());

  const onContextMenu = async (info: Parameters<typeof curator.curateFromContextMenu>[0], tab?: { id?: number }) => {
    try {
      const item = await curator.curateFromContextMenu(info, tab?.id);
      await flashBadge(tab?.id, true, t('badge_curated', item.title));
      return item;
    } catch (err) {
      const message = err instanceof CuratorError ? err.message : String(err);
      await flashBadge(tab?.id, false, t('badge_not_curated', message));
      throw err;
    }
  };
  browser.contextMenus.onClicked.addListener((info, tab) => {
    if (!Object.values(MENU).includes(info.menuItemId as (typeof MENU)[keyof typeof MENU])) return;
    void onContextMenu(info as Parameters<typeof curator.curateFromContextMenu>[0], tab).catch(ignored('background'));
  });

  // Personas and settings follow the person to their other browsers (storage.sync); page content never does.
  createSync({ db: database, area: browser.storage.sync as unknown as SyncArea }).start((listener) =>
    browser.storage.onChanged.addListener((changes, area) => {
      if (area === 'sync' && Object.keys(changes).some((k) => k.startsWith('pc.sync'))) listener();
    }),
  );

  // Keyboard shortcuts (chrome://extensions/shortcuts, about:addons): the side panel, curate, copy the best draft.
  browser.commands?.onCommand.addListener((command: string, tab?: { id?: number; windowId?: number; url?: string }) => {
    const api = browser as unknown as { sidePanel?: { open(o: { windowId: number }): Promise<void> }; sidebarAction?: { open(): Promise<void> } };
    if (command === 'open-side-panel') {
      // Called at once, in the shortcut's user gesture.
      const opening = api.sidePanel && tab?.windowId !== undefined ? api.sidePanel.open({ windowId: tab.windowId }) : api.sidebarAction?.open();
      void opening?.catch(ignored('background'));
      return;
    }
    if (tab?.id === undefined) return;
    if (command === 'curate-page') void onContextMenu({ menuItemId: MENU.page, pageUrl: tab.url }, tab).catch(ignored('background'));
    if (command === 'copy-best-draft') void copyBestDraft(tab.id).catch(ignored('background'));
  });
  const copyBestDraft = async (tabId: number) => {
    try {
      const result = await curator.handlers.suggest({ tabId }, {});
      const best = result.suggestions.find((s) => s.suggested) ?? result.suggestions[0];
      if (!best) throw new CuratorError('not-found', result.page.notArticle ? t('copy_not_article') : t('copy_no_persona'));
      const voice = result.voices[best.personaId];
      if (!voice || !runner.copy) throw new CuratorError('internal', t('copy_nothing'));
      await runner.copy(draftForSuggestion(result.page, best, voice));
      await flashBadge(tabId, true, t('badge_copied', best.name));
    } catch (err) {
      await flashBadge(tabId, false, t('badge_not_copied', err instanceof Error ? err.message : String(err)));
      throw err;
    }
  };

  // The side panel opens from the popup or Chrome's side panel menu; the toolbar click stays the popup.
  const sidePanel = (browser as unknown as { sidePanel?: { setPanelBehavior(o: { openPanelOnActionClick: boolean }): Promise<void> } }).sidePanel;
  void sidePanel?.setPanelBehavior({ openPanelOnActionClick: false }).catch(ignored('background'));

  // Test builds only: a handle for end-to-end tests (which cannot click a native context menu) and benchmarks,
  // the very same handlers. A store build carries none (tests/e2e/manifest.test.ts builds one and checks).
  if (__PC_TEST_BUILD__) (globalThis as Record<string, unknown>).personaCurator = { onContextMenu, copyBestDraft, handlers: curator.handlers, phases: phaseLog, holdModel, releaseModel };
});
