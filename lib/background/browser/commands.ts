import { browser } from 'wxt/browser';
import { ignored } from '../../util/log';
import { MENU, type MenuClick } from './menus';

type Tab = { id?: number; windowId?: number; url?: string };

/** Keyboard shortcuts (chrome://extensions/shortcuts, about:addons): the side panel, curate, copy the best draft. */
export function listenForCommands(deps: { curate: (info: MenuClick, tab?: Tab) => Promise<unknown>; copyBestDraft: (tabId: number) => Promise<void> }): void {
  browser.commands?.onCommand.addListener((command: string, tab?: Tab) => {
    const api = browser as unknown as { sidePanel?: { open(o: { windowId: number }): Promise<void> }; sidebarAction?: { open(): Promise<void> } };
    if (command === 'open-side-panel') {
      // Called at once, in the shortcut's user gesture.
      const opening = api.sidePanel && tab?.windowId !== undefined ? api.sidePanel.open({ windowId: tab.windowId }) : api.sidebarAction?.open();
      void opening?.catch(ignored('background'));
      return;
    }
    if (tab?.id === undefined) return;
    if (command === 'curate-page') void deps.curate({ menuItemId: MENU.page, pageUrl: tab.url }, tab).catch(ignored('background'));
    if (command === 'copy-best-draft') void deps.copyBestDraft(tab.id).catch(ignored('background'));
  });
  // The side panel opens from the popup or Chrome's side panel menu; the toolbar click stays the popup.
  const sidePanel = (browser as unknown as { sidePanel?: { setPanelBehavior(o: { openPanelOnActionClick: boolean }): Promise<void> } }).sidePanel;
  void sidePanel?.setPanelBehavior({ openPanelOnActionClick: false }).catch(ignored('background'));
}
