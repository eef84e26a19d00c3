import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { TabSuggestions } from './TabSuggestions';
import { tabIdFromLocation } from './active-tab';
import { t } from '../i18n/i18n';
import { ignored } from '../util/log';

/** The toolbar popup: suggestions for the current tab (or ?tabId=N). */
export function PopupApp() {
  const [tabId, setTabId] = useState<number | null | undefined>(tabIdFromLocation() ?? undefined);
  useEffect(() => {
    if (tabId !== undefined) return;
    void browser.tabs.query({ active: true, currentWindow: true }).then(([tab]) => setTabId(tab?.id ?? null));
  }, [tabId]);

  const [windowId, setWindowId] = useState<number | undefined>(undefined);
  useEffect(() => {
    void browser.windows.getCurrent().then((w) => setWindowId(w.id));
  }, []);

  // Both APIs demand a user gesture, so they are called synchronously in the click, with nothing awaited first.
  const openSidePanel = () => {
    const api = browser as unknown as { sidePanel?: { open(o: { windowId: number }): Promise<void> }; sidebarAction?: { open(): Promise<void> } };
    const opening = api.sidePanel && windowId !== undefined ? api.sidePanel.open({ windowId }) : api.sidebarAction?.open();
    void opening?.then(() => window.close()).catch(ignored('popup'));
  };

  return (
    <div class="app popup">
      <header class="app-head">
        <span class="logo" aria-hidden="true">
          ◆
        </span>
        <h1>{t('extension_name')}</h1>
        <nav>
          <button type="button" class="link" onClick={openSidePanel}>
            {t('nav_side_panel')}
          </button>
          <button type="button" class="link" onClick={() => void browser.runtime.openOptionsPage()}>
            {t('nav_personas')}
          </button>
        </nav>
      </header>
      <main>{tabId === undefined ? null : <TabSuggestions tabId={tabId} source="popup" />}</main>
    </div>
  );
}
