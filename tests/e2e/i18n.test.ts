import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { launch, screenshot, startPageServer, tabIdOf, type Browser } from './harness';

// Chromium in French: the views, dates and counts follow the browser's UI language.
let browser: Browser;
let pages: Awaited<ReturnType<typeof startPageServer>>;

before(async () => {
  pages = await startPageServer();
  browser = await launch({ locale: 'fr-FR', args: ['--lang=fr'], env: { LANGUAGE: 'fr', LANG: 'fr_FR.UTF-8', LC_ALL: 'fr_FR.UTF-8' } });
});
after(async () => {
  await browser?.close();
  pages?.server.close();
});

describe('Persona Curator in French', () => {
  it('reports French as the UI language to the extension pages', async () => {
    // Pages only: Playwright's locale emulation (which also sets getUILanguage) does not reach the service worker.
    const options = await browser.extPage('options.html');
    assert.match(await options.evaluate(() => chrome.i18n.getUILanguage()), /^fr/);
    await options.close();
  });

  it('shows the options page in French, with the French page title and html lang', async () => {
    const options = await browser.extPage('options.html');
    await options.getByRole('list', { name: 'Personas' }).waitFor();
    assert.equal(await options.getByRole('heading', { name: 'Nouveau persona' }).count(), 1);
    assert.equal(await options.getByRole('heading', { name: 'Vos personas' }).count(), 1);
    assert.equal(await options.getByText('Exemple', { exact: true }).count(), 3);
    assert.equal(await options.getByRole('button', { name: 'Enregistrer les paramètres de partage' }).count(), 1);
    assert.equal(await options.evaluate(() => [document.documentElement.lang, document.documentElement.dir]).then((v) => v.join(' ')), 'fr ltr');
    await screenshot(options, 'options-fr');
  });

  it('suggests and curates in French in the side panel, the queue counted and dated in French', async () => {
    const page = await browser.context.newPage();
    const url = pages.url('v8-blog');
    await page.goto(url);
    const tabId = await tabIdOf(browser.worker, url);
    const panel = await browser.extPage(`sidepanel.html?tabId=${tabId}`);
    await panel.getByRole('list', { name: 'Suggestions' }).waitFor({ timeout: 15_000 });
    assert.equal(await panel.getByRole('button', { name: 'Actualiser' }).count(), 1);
    await panel.getByRole('button', { name: 'Retenir', exact: true }).click();
    await panel.getByText(/Ajouté à la file/).waitFor();
    await panel.getByText('1 élément', { exact: true }).waitFor();
    const date = await panel.locator('.queue-item time').first().textContent();
    assert.match(date ?? '', /\d{2}:\d{2}/, 'a 24-hour time, as French writes it');
    assert.doesNotMatch(date ?? '', /AM|PM/);
    await screenshot(panel, 'sidepanel-fr');
    const popup = await browser.extPage(`popup.html?tabId=${tabId}`);
    await popup.getByRole('button', { name: 'Panneau latéral' }).waitFor({ timeout: 15_000 });
    // The screenshot (for the French store listing) shows the suggestions, not the loading state.
    await popup.locator('ul.suggestions').waitFor({ timeout: 30_000 });
    await popup.setViewportSize({ width: 420, height: 600 });
    await screenshot(popup, 'popup-fr');
  });
});
