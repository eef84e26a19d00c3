import { browser } from 'wxt/browser';
import { t } from '../../i18n/i18n';
import { errorText } from '../../protocol/errors';
import { ignored } from '../../util/log';
import { flashBadge } from './badge';
import type { MenuClick } from '../services/curate';

export type { MenuClick };

export const MENU = { page: 'curate-page', selection: 'curate-selection', link: 'curate-link' } as const;

/** (Re)creates the "Curate this" menu items. Called on install and on browser start-up. */
export async function createMenus(): Promise<void> {
  await browser.contextMenus.removeAll();
  browser.contextMenus.create({ id: MENU.page, title: t('menu_curate_page'), contexts: ['page'] });
  browser.contextMenus.create({ id: MENU.selection, title: t('menu_curate_quote'), contexts: ['selection'] });
  browser.contextMenus.create({ id: MENU.link, title: t('menu_curate_link'), contexts: ['link'] });
}

/** "Curate this" from the context menu (or the shortcut): the toolbar badge is its only way to answer. */
export function curateFromMenu<Item extends { title: string }>(curate: (info: MenuClick, tabId: number | undefined) => Promise<Item>) {
  return async (info: MenuClick, tab?: { id?: number }): Promise<Item> => {
    try {
      const item = await curate(info, tab?.id);
      await flashBadge(tab?.id, true, t('badge_curated', item.title));
      return item;
    } catch (err) {
      await flashBadge(tab?.id, false, t('badge_not_curated', errorText(err)));
      throw err;
    }
  };
}

/** The menu items exist from install and from every browser start; a click on one of ours curates. */
export function listenForMenus(onClick: (info: MenuClick, tab?: { id?: number }) => Promise<unknown>): void {
  browser.runtime.onStartup.addListener(() => void createMenus());
  browser.contextMenus.onClicked.addListener((info, tab) => {
    if (!Object.values(MENU).includes(info.menuItemId as (typeof MENU)[keyof typeof MENU])) return;
    void onClick(info as MenuClick, tab).catch(ignored('background'));
  });
}
