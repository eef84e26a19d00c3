import { browser } from 'wxt/browser';
import { QueueList } from './QueueList';
import { FeedPicks } from './FeedPicks';
import { TabSuggestions } from './TabSuggestions';
import { tabIdFromLocation, useTrackedTab } from './active-tab';
import { t } from '../i18n/i18n';

/** The side panel: live suggestions for the tab being read, picks from the person's feeds, and the curated queue below. */
export function SidePanelApp() {
  const fixed = tabIdFromLocation();
  const tab = useTrackedTab(fixed);
  return (
    <div class="app sidepanel">
      <header class="app-head">
        <span class="logo" aria-hidden="true">
          ◆
        </span>
        <h1>{t('extension_name')}</h1>
        <nav>
          <button type="button" class="link" onClick={() => void browser.runtime.openOptionsPage()}>
            {t('nav_personas')}
          </button>
          <a href="/impact.html" target="_blank" rel="noopener">
            {t('nav_impact')}
          </a>
        </nav>
      </header>
      <main>
        {/* Wait until the tab is known: rendering with the first guess, then the answer, read the page twice. */}
        {tab.key ? (
          <TabSuggestions tabId={tab.tabId} tabKey={tab.key} source="sidepanel" following={fixed === null} />
        ) : (
          <div class="state loading" role="status" aria-busy="true">
            <span class="spinner" aria-hidden="true" /> {t('finding_tab')}
          </div>
        )}
        <FeedPicks />
        <QueueList />
      </main>
    </div>
  );
}
