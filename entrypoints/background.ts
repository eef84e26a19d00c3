import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { createCurator } from '../lib/background/curator';
import { createMenus, flashBadge, MENU, readTab } from '../lib/background/browser-glue';
import { db } from '../lib/db/db';
import { createRouter, type Sender } from '../lib/messages/router';
import { CuratorError } from '../lib/util/errors';

export default defineBackground(() => {
  const curator = createCurator({ db: db(), readTab });
  const route = createRouter(curator.handlers, { id: browser.runtime.id, pageOrigin: browser.runtime.getURL('/') });

  browser.runtime.onMessage.addListener((message: unknown, sender: Sender) => route(message, sender));

  browser.runtime.onInstalled.addListener(() => {
    void createMenus();
    void curator.installSamples().catch((err: unknown) => console.error('Persona Curator: could not install sample personas', err));
  });
  browser.runtime.onStartup.addListener(() => void createMenus());

  const onContextMenu = async (info: Parameters<typeof curator.curateFromContextMenu>[0], tab?: { id?: number }) => {
    try {
      const item = await curator.curateFromContextMenu(info, tab?.id);
      await flashBadge(tab?.id, true, `Curated: ${item.title}`);
      return item;
    } catch (err) {
      const message = err instanceof CuratorError ? err.message : String(err);
      await flashBadge(tab?.id, false, `Not curated: ${message}`);
      throw err;
    }
  };
  browser.contextMenus.onClicked.addListener((info, tab) => {
    if (!Object.values(MENU).includes(info.menuItemId as (typeof MENU)[keyof typeof MENU])) return;
    void onContextMenu(info as Parameters<typeof curator.curateFromContextMenu>[0], tab).catch(() => undefined);
  });

  // The side panel opens from the toolbar's context menu entry; the popup stays the click action.
  const sidePanel = (browser as unknown as { sidePanel?: { setPanelBehavior(o: { openPanelOnActionClick: boolean }): Promise<void> } }).sidePanel;
  void sidePanel?.setPanelBehavior({ openPanelOnActionClick: false }).catch(() => undefined);

  // A handle for debugging from the worker's console and for end-to-end tests,
  // which cannot click a native context menu: it calls the very same handler.
  (globalThis as Record<string, unknown>).personaCurator = { onContextMenu };
});
