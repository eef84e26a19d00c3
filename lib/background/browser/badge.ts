import { browser } from 'wxt/browser';
import { t } from '../../i18n/i18n';
import { ignored } from '../../util/log';

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
