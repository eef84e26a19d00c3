import type { Settings } from '../../store/schema';

/**
 * Whether following the person's browsing may read a tab (the badge lookup, notifications, the side panel
 * following the active tab): only with "follow my browsing" on, and a private (incognito) window's tab only if
 * the person also allowed that in the options. A page the person opens the popup on, or curates from the
 * context menu, is read whatever the window: they asked. (Chrome runs an extension in incognito windows at all
 * only when the person allows it in chrome://extensions; Firefox in private windows likewise.)
 */
export function mayFollowTab(tab: { incognito: boolean }, settings: Pick<Settings, 'followBrowsing' | 'followPrivate'>): boolean {
  return settings.followBrowsing && mayFollowIntoPrivate(tab, settings);
}

/**
 * The private-window part alone, for the side panel following the active tab: it follows with "follow my browsing"
 * off too (it then reads only tabs the person opened the popup on), but never into a private window unless allowed.
 */
export function mayFollowIntoPrivate(tab: { incognito: boolean }, settings: Pick<Settings, 'followPrivate'>): boolean {
  return !tab.incognito || settings.followPrivate;
}
