import { defineContentScript } from 'wxt/utils/define-content-script';
import { extractSnapshot } from '../lib/extract/extract';

/**
 * Runs only when injected by the background (registration: 'runtime'): a page
 * that never asked pays nothing. Reads a clone of the DOM and returns the snapshot.
 */
export default defineContentScript({
  registration: 'runtime',
  matches: [],
  main() {
    return extractSnapshot(document, { url: location.href, selection: window.getSelection()?.toString() ?? null });
  },
});
