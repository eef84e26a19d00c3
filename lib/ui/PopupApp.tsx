import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { TabSuggestions } from './TabSuggestions';
import { tabIdFromLocation } from './active-tab';

/** The toolbar popup: suggestions for the current tab (or ?tabId=N). */
export function PopupApp() {
  const [tabId, setTabId] = useState<number | null | undefined>(tabIdFromLocation() ?? undefined);
  useEffect(() => {
    if (tabId !== undefined) return;
    void browser.tabs.query({ active: true, currentWindow: true }).then(([tab]) => setTabId(tab?.id ?? null));
  }, [tabId]);

  const openSidePanel = async () => {
    const sidePanel = (browser as unknown as { sidePanel?: { open(o: { tabId?: number; windowId?: number }): Promise<void> } }).sidePanel;
    const win = await browser.windows.getCurrent();
    if (sidePanel) await sidePanel.open({ windowId: win.id });
    else await (browser as unknown as { sidebarAction?: { open(): Promise<void> } }).sidebarAction?.open();
    window.close();
  };

  return (
    <div class="app popup">
      <header class="app-head">
        <span class="logo" aria-hidden="true">◆</span>
        <h1>Persona Curator</h1>
        <nav>
          <button type="button" class="link" onClick={() => void openSidePanel()}>
            Side panel
          </button>
          <button type="button" class="link" onClick={() => void browser.runtime.openOptionsPage()}>
            Personas
          </button>
        </nav>
      </header>
      <main>{tabId === undefined ? null : <TabSuggestions tabId={tabId} source="popup" />}</main>
    </div>
  );
}
