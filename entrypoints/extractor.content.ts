import { defineContentScript } from 'wxt/utils/define-content-script';
import { extractSnapshot } from '../lib/core/extract/extract';
import { pageSettled } from '../lib/core/extract/settle';

/**
 * Runs only when injected by the background (registration: 'runtime'): a page
 * that never asked pays nothing. Waits for the page to have loaded and for an
 * idle moment (bounded), then reads a clone of the DOM in one synchronous step
 * and returns the snapshot.
 */
export default defineContentScript({
  registration: 'runtime',
  matches: [],
  // WXT's default also posts a message to the page's window, which pages with
  // careless "message" listeners choke on. The page should not hear from us at all.
  noScriptStartedPostMessage: true,
  async main() {
    const injected = performance.now();
    await pageSettled(window);
    const settleMs = performance.now() - injected;
    const read = () => extractSnapshot(document, { url: location.href, selection: window.getSelection()?.toString() ?? null });
    if (!__PC_TEST_BUILD__) return read();
    // Test builds record what reading did to the page: the tests assert zero mutations.
    const observer = new MutationObserver(() => undefined);
    observer.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
    const started = performance.now();
    const snapshot = read();
    const ms = performance.now() - started;
    // Extraction is one synchronous task, so every record here was made by it, none by the page.
    const mutations = observer.takeRecords().length;
    observer.disconnect();
    (globalThis as Record<string, unknown>).__pcLastRead = { ms, settleMs, mutations, url: location.href };
    return snapshot;
  },
});
