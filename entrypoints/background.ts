import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { createCurator } from '../lib/background/curator';
import { createMenus, flashBadge, MENU, readTab } from '../lib/background/browser-glue';
import { db, KV } from '../lib/db/db';
import { createRouter, type Sender } from '../lib/messages/router';
import { isModelHostMessage } from '../lib/model/messages';
import { createModelPort } from '../lib/model/port';
import { hostPageRunner } from '../lib/model/runners';
import { CuratorError } from '../lib/util/errors';
import { t } from '../lib/i18n/i18n';

export default defineBackground(() => {
  const database = db();
  const getURL = browser.runtime.getURL as (path: string) => string;

  // Models copied in by a MODEL_DIR build are listed in models/bundled.json.
  let bundled: Promise<string[]> | null = null;
  const bundledIds = () =>
    (bundled ??= fetch(getURL('/models/bundled.json'))
      .then((r) => (r.ok ? (r.json() as Promise<{ models?: unknown }>) : { models: [] }))
      .then((j) => (Array.isArray(j.models) ? j.models.filter((m): m is string => typeof m === 'string') : []))
      .catch(() => []));

  const runner = hostPageRunner(database, import.meta.env.FIREFOX ? 'frame' : 'offscreen');
  const model = createModelPort({
    db: database,
    runner,
    bundledIds,
    ...(__PC_TEST_BUILD__ ? { remoteHost: async () => (await database.kv.get(KV.testModelHost))?.value as string | undefined } : {}),
  });

  const curator = createCurator({ db: database, readTab, model });
  const route = createRouter(curator.handlers, {
    id: browser.runtime.id,
    pageOrigin: getURL('/'),
    // Chrome closes the connection when the disk fills; let the next request open it again.
    onStorageError: () => {
      if (!database.isOpen()) database.close({ disableAutoOpen: false });
    },
  });

  // Messages for the model host pass by: the offscreen document answers those.
  browser.runtime.onMessage.addListener((message: unknown, sender: Sender) => (isModelHostMessage(message) ? undefined : route(message, sender)));

  browser.runtime.onInstalled.addListener(() => {
    void createMenus();
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
    void onContextMenu(info as Parameters<typeof curator.curateFromContextMenu>[0], tab).catch(() => undefined);
  });

  // The side panel opens from the popup or Chrome's side panel menu; the toolbar click stays the popup.
  const sidePanel = (browser as unknown as { sidePanel?: { setPanelBehavior(o: { openPanelOnActionClick: boolean }): Promise<void> } }).sidePanel;
  void sidePanel?.setPanelBehavior({ openPanelOnActionClick: false }).catch(() => undefined);

  // A handle for debugging from the worker's console, for end-to-end tests (which
  // cannot click a native context menu) and benchmarks: the very same handlers.
  (globalThis as Record<string, unknown>).personaCurator = { onContextMenu, handlers: curator.handlers };
});
