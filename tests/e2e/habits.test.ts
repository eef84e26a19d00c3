import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { launch, screenshot, startPageServer, tabIdOf, type Browser } from './harness';

/** Daily habits: pages already curated say so (popup, side panel, toolbar badge); the shortcut copies the best draft. */
let browser: Browser;
let pages: Awaited<ReturnType<typeof startPageServer>>;
before(async () => {
  pages = await startPageServer();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  pages?.server.close();
});

async function badge(tabId: number) {
  return browser.worker.evaluate(async (id) => ({ text: await chrome.action.getBadgeText({ tabId: id }), title: await chrome.action.getTitle({ tabId: id }) }), tabId);
}

describe('already seen, and the shortcuts', () => {
  it('a curated page shows "Already curated" in the popup and side panel, and a check on the toolbar badge', async () => {
    const tab = await browser.context.newPage();
    const url = pages.url('v8-blog');
    await tab.goto(url);
    const tabId = await tabIdOf(browser.worker, url);
    const popup = await browser.extPage(`popup.html?tabId=${tabId}`);
    await popup.getByRole('list', { name: 'Suggestions' }).waitFor();
    assert.equal(await popup.getByText(/Already (curated|shared)/).count(), 0);
    await popup.getByRole('button', { name: 'Curate', exact: true }).click();
    await popup.getByText(/Saved to the queue/).waitFor();
    assert.deepEqual((await badge(tabId)).text, '✓');
    await popup.close();

    const again = await browser.extPage(`popup.html?tabId=${tabId}`);
    await again.getByText(/^Already curated for .+ · /).waitFor();
    const panel = await browser.extPage(`sidepanel.html?tabId=${tabId}`);
    await panel.getByText(/^Already curated/).waitFor();
    // Marked shared in the queue: the status follows.
    await panel.getByRole('list', { name: 'Curated' }).getByRole('button', { name: 'Mark shared' }).first().click();
    await panel.getByRole('button', { name: 'Refresh' }).click();
    await panel.getByText(/^Already shared/).waitFor();
    await screenshot(panel, 'sidepanel-already-shared');
    assert.match((await badge(tabId)).title, /already shared/);

    // Another page in the same tab: the badge is cleared.
    await tab.goto(pages.url('aclu'));
    for (let i = 0; i < 20 && (await badge(tabId)).text !== ''; i++) await tab.waitForTimeout(100);
    assert.equal((await badge(tabId)).text, '');
    await again.close();
    await panel.close();
    await tab.close();
  });

  it('"copy the best draft" puts the best persona’s draft, with the page’s link, on the clipboard', async () => {
    const tab = await browser.context.newPage();
    const url = pages.url('aclu');
    await tab.goto(url);
    const tabId = await tabIdOf(browser.worker, url);
    await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: pages.origin });
    await tab.evaluate(() => navigator.clipboard.writeText('before'));
    await browser.worker.evaluate((id) => (globalThis as unknown as { personaCurator: { copyBestDraft(id: number): Promise<void> } }).personaCurator.copyBestDraft(id), tabId);
    await tab.bringToFront();
    const text = await tab.evaluate(() => navigator.clipboard.readText());
    // The same text the view's Copy button gives: the draft in the persona's style, with the page's address.
    assert.match(text, /^Facebook Is Tracking Me Even Though I’m Not on Facebook/);
    assert.match(text, /https:\/\/www\.aclu\.org\/blog\//);
    assert.match((await badge(tabId)).title, /^Copied the draft for /);
    await tab.close();
  });
});
