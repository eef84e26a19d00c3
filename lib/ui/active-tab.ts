import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { orNull } from '../util/log';

/** Reads `?tabId=N` from the view's address: the popup and side panel describe that tab (also used by pop-outs and tests). */
export function tabIdFromLocation(search = location.search): number | null {
  const raw = new URLSearchParams(search).get('tabId');
  if (raw === null || !/^\d+$/.test(raw)) return null;
  return Number(raw);
}

export interface TrackedTab {
  tabId: number | null;
  /** Changes when the tab navigates, so the view reads it again. */
  key: string;
}

async function activeTabOfLastNormalWindow(): Promise<{ id: number | null; url: string }> {
  try {
    const win = await browser.windows.getLastFocused({ windowTypes: ['normal'] });
    const [tab] = await browser.tabs.query({ active: true, windowId: win.id });
    return { id: tab?.id ?? null, url: tab?.url ?? '' };
  } catch {
    // No normal window to ask about (or no windows API, as on Firefox for Android): the last focused window's tab.
    const [tab] = await browser.tabs.query({ active: true, lastFocusedWindow: true });
    return { id: tab?.id ?? null, url: tab?.url ?? '' };
  }
}

/**
 * The tab a view describes. With a fixed id it stays on that tab (and follows
 * its navigations); without, it follows the active tab of the last focused
 * normal window as the person switches tabs, windows or pages.
 */
export function useTrackedTab(fixed: number | null): TrackedTab {
  const [tracked, setTracked] = useState<TrackedTab>({ tabId: fixed, key: '' });
  useEffect(() => {
    let alive = true;
    let current: TrackedTab = { tabId: fixed, key: '' };
    // Without a host permission the tab's URL is hidden from us, so navigations are counted instead.
    let navigations = 0;
    const update = (next: TrackedTab) => {
      if (!alive || (next.tabId === current.tabId && next.key === current.key)) return;
      current = next;
      setTracked(next);
    };
    const refresh = async () => {
      if (fixed !== null) {
        const tab = await browser.tabs.get(fixed).catch(orNull('active-tab'));
        update({ tabId: fixed, key: `${tab?.url ?? ''}#${navigations}` });
        return;
      }
      const tab = await activeTabOfLastNormalWindow();
      update({ tabId: tab.id, key: `${tab.id}:${tab.url}#${navigations}` });
    };
    void refresh();
    const onActivated = () => void refresh();
    const onUpdated = (tabId: number, change: { status?: string; url?: string }) => {
      if (change.status !== 'complete' || tabId !== current.tabId) return;
      // A page finished loading in the tab we describe: read it again once the URL is not telling us.
      if (!current.key.includes('://')) navigations++;
      void refresh();
    };
    const onFocus = () => void refresh();
    browser.tabs.onActivated.addListener(onActivated);
    browser.tabs.onUpdated.addListener(onUpdated);
    browser.windows.onFocusChanged.addListener(onFocus);
    return () => {
      alive = false;
      browser.tabs.onActivated.removeListener(onActivated);
      browser.tabs.onUpdated.removeListener(onUpdated);
      browser.windows.onFocusChanged.removeListener(onFocus);
    };
  }, [fixed]);
  return tracked;
}
