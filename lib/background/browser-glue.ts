import { browser } from 'wxt/browser';
import { CuratorError } from '../protocol/errors';
import { t } from '../i18n/i18n';
import { ignored } from '../util/log';

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

export const MENU = { page: 'curate-page', selection: 'curate-selection', link: 'curate-link' } as const;

/** (Re)creates the "Curate this" menu items. Called on install and on browser start-up. */
export async function createMenus(): Promise<void> {
  await browser.contextMenus.removeAll();
  browser.contextMenus.create({ id: MENU.page, title: t('menu_curate_page'), contexts: ['page'] });
  browser.contextMenus.create({ id: MENU.selection, title: t('menu_curate_quote'), contexts: ['selection'] });
  browser.contextMenus.create({ id: MENU.link, title: t('menu_curate_link'), contexts: ['link'] });
}

/** The toolbar button: `action` in Chrome's MV3, `browserAction` in Firefox's MV2. */
function toolbarAction(): typeof browser.action {
  return browser.action ?? (browser as unknown as { browserAction: typeof browser.action }).browserAction;
}

/** A short-lived badge on the toolbar button: the context menu's only way to answer. */
export async function flashBadge(tabId: number | undefined, ok: boolean, title: string): Promise<void> {
  const action = toolbarAction();
  const opts = tabId !== undefined && tabId >= 0 ? { tabId } : {};
  await action.setBadgeBackgroundColor({ color: ok ? '#1f7a4d' : '#b3261e', ...opts });
  await action.setBadgeText({ text: ok ? '✓' : '!', ...opts });
  await action.setTitle({ title, ...opts });
  setTimeout(() => {
    void action.setBadgeText({ text: '', ...opts }).catch(ignored('toolbar'));
    void action.setTitle({ title: t('extension_name'), ...opts }).catch(ignored('toolbar'));
  }, 4_000);
}

/**
 * The toolbar badge for a tab whose article is already in the queue: a check
 * mark, blue while queued and green once shared. Chrome and Firefox clear a
 * tab's badge and title when the tab navigates, so nothing else undoes it.
 */
export async function showSeen(tabId: number, seen: { status: 'queued' | 'shared'; personaName: string | null } | null): Promise<void> {
  const action = toolbarAction();
  if (!seen) {
    await action.setBadgeText({ text: '', tabId });
    await action.setTitle({ title: t('extension_name'), tabId });
    return;
  }
  await action.setBadgeBackgroundColor({ color: seen.status === 'shared' ? '#1f7a4d' : '#3b5bdb', tabId });
  await action.setBadgeText({ text: '✓', tabId });
  const title =
    seen.status === 'shared'
      ? seen.personaName
        ? t('badge_seen_shared_for', seen.personaName)
        : t('badge_seen_shared')
      : seen.personaName
        ? t('badge_seen_curated_for', seen.personaName)
        : t('badge_seen_curated');
  await action.setTitle({ title, tabId });
}
