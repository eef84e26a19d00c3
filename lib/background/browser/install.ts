import { browser } from 'wxt/browser';
import { ignored } from '../../util/log';
import { createMenus } from './menus';

/**
 * A new install or update: the "Curate this" menu items, the sample personas once, and on a first install the
 * welcome page (a persona from a template, the model, "follow", the privacy statement).
 */
export function listenForInstall(installSamples: () => Promise<number>, getURL: (path: string) => string): void {
  browser.runtime.onInstalled.addListener((details: { reason?: string }) => {
    void createMenus();
    if (details.reason === 'install') void browser.tabs.create({ url: getURL('/onboarding.html') }).catch(ignored('background'));
    // A failure is logged; the next install or update tries again.
    void installSamples().catch(ignored('install-samples'));
  });
}
