import { browser } from 'wxt/browser';

/** What the watch hands on: a tab that finished loading an http(s) page whose address we may see. */
export interface LoadedTab {
  tabId: number;
  url: string;
  /** A private (incognito) window's tab. */
  incognito: boolean;
}

type OnUpdated = Parameters<typeof browser.tabs.onUpdated.addListener>[0];

/**
 * `tabs.onUpdated`, held only while "follow my browsing" needs it.
 *
 * Why: while a service worker holds a `tabs.onUpdated` listener, Chrome starts the worker for every navigation in
 * every tab (and keeps it alive for 30 s after each event), whatever the listener then does. With follow off the
 * listener has nothing to do: without host access a tab's address is hidden (the extension has no `tabs`
 * permission), notifications need follow, and the browser itself clears a tab's badge when it navigates (the
 * popup sets the "already curated" badge when opened).
 *
 * How, given MV3's rules (https://developer.chrome.com/docs/extensions/develop/concepts/service-workers/events):
 * - Chrome remembers which events a worker listens to (its "lazy" listeners) across stops; an event with a
 *   remembered listener starts the worker, then goes to the listeners added in the worker's first synchronous
 *   turn. So the listener is added synchronously here, at every start, before the settings can be read: if a
 *   navigation woke the worker (follow was on), the listener is there to take it.
 * - Once the stored settings are read, `set(false)` removes it when follow is off. Removing a worker's last
 *   listener of an event also drops Chrome's remembered registration, so navigations stop waking the worker.
 * - The setting only changes through a message to this worker, so it is awake to `set(true)` again; that
 *   registers the listener with Chrome again, and the next start adds it in its first turn as above.
 * No flag needs to be read synchronously (a service worker has no synchronous storage).
 * Firefox's MV2 background page is persistent: the same add and remove just skip dispatching to it.
 */
export function watchLoadedTabs(onLoaded: (tab: LoadedTab) => void): { set(needed: boolean): void; readonly active: boolean } {
  const listener: OnUpdated = (tabId, change, tab) => {
    if (change.status !== 'complete' || !tab.url || !/^https?:/.test(tab.url)) return;
    onLoaded({ tabId, url: tab.url, incognito: tab.incognito });
  };
  let active = true;
  browser.tabs.onUpdated.addListener(listener);
  return {
    set(needed: boolean) {
      if (needed === active) return;
      active = needed;
      if (needed) browser.tabs.onUpdated.addListener(listener);
      else browser.tabs.onUpdated.removeListener(listener);
    },
    get active() {
      return active;
    },
  };
}
