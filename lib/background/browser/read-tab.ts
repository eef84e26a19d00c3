import { browser } from 'wxt/browser';
import { CuratorError } from '../../protocol/errors';
import { t } from '../../i18n/i18n';

/** The extractor's built file, injected only when a person asks (popup, side panel, "Curate this"). */
export const EXTRACTOR_FILE = '/content-scripts/extractor.js';
const READ_TIMEOUT_MS = 15_000;

/** Pages no extension may read, whatever its permissions. */
export function isReadableUrl(url: string | undefined): boolean {
  if (!url) return false;
  if (!/^(https?|file):/i.test(url)) return false;
  return !/^https:\/\/(chrome\.google\.com\/webstore|chromewebstore\.google\.com|addons\.mozilla\.org)\//i.test(url);
}

/**
 * Injects the extractor into a tab and returns what it read. Needs activeTab
 * (the person opened the popup or the context menu) or a host permission
 * ("follow my browsing"); without either, says so plainly.
 */
export async function readTab(tabId: number): Promise<unknown> {
  let tab;
  try {
    tab = await browser.tabs.get(tabId);
  } catch {
    // tabs.get fails only for a tab that is gone: that is what the person is told.
    throw new CuratorError('no-tab', t('error_tab_closed'));
  }
  if (!isReadableUrl(tab.url) && tab.url !== undefined) {
    throw new CuratorError('unreadable', t('error_page_off_limits'));
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new CuratorError('timeout', t('error_read_timeout'))), READ_TIMEOUT_MS);
  });
  try {
    const results = await Promise.race([browser.scripting.executeScript({ target: { tabId }, files: [EXTRACTOR_FILE] }), timeout]);
    const first = results[0] as { result?: unknown; error?: unknown } | undefined;
    if (!first || first.result == null) throw new CuratorError('unreadable', t('error_page_unreadable_loading'));
    return first.result;
  } catch (err) {
    if (err instanceof CuratorError) throw err;
    const message = err instanceof Error ? err.message : String(err);
    // Browser pages first: Chrome words those "Cannot access a chrome:// URL" too, and no permission helps there.
    if (/cannot be scripted|extensions gallery|chrome:\/\/|Frame with ID|No tab/i.test(message)) {
      throw new CuratorError('unreadable', t('error_page_unreadable'));
    }
    if (/Cannot access|permission|host permission|Missing host/i.test(message)) {
      throw new CuratorError('no-access', t('error_no_access'));
    }
    throw new CuratorError('unreadable', t('error_page_unreadable_detail', message));
  } finally {
    clearTimeout(timer);
  }
}
