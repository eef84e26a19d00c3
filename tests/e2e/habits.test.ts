import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { launch, screenshot, startPageServer, tabIdOf, type Browser } from './harness';

/** Daily habits: pages already curated say so (popup, side panel, toolbar badge); the shortcut copies the best draft. */
let browser: Browser;
let pages: Awaited<ReturnType<typeof startPageServer>>;
before(async () => {
  pages = await startPageServer();
  browser = await launch({ keepWelcome: true });
});
after(async () => {
  await browser?.close();
  pages?.server.close();
});

async function badge(tabId: number) {
  return browser.worker.evaluate(async (id) => ({ text: await chrome.action.getBadgeText({ tabId: id }), title: await chrome.action.getTitle({ tabId: id }) }), tabId);
}

describe('first run', () => {
  it('opens the welcome page: a persona from a template in seconds, the model with its size, follow, privacy', async () => {
    let welcome = browser.context.pages().find((p) => p.url().endsWith('/onboarding.html'));
    for (let i = 0; i < 50 && !welcome; i++) {
      await new Promise((r) => setTimeout(r, 100));
      welcome = browser.context.pages().find((p) => p.url().endsWith('/onboarding.html'));
    }
    assert.ok(welcome, 'the welcome page opened on install');
    await welcome.getByRole('heading', { name: 'Welcome to Persona Curator' }).waitFor();
    const templates = welcome.getByRole('group', { name: 'Template' }).getByRole('radio');
    assert.ok((await templates.count()) >= 6, 'brand voice, news desk, B2B SaaS, NGO, sports club and more');
    await welcome.getByRole('radio', { name: /Sports Club/ }).check();
    assert.equal(await welcome.getByLabel('Name', { exact: true }).inputValue(), 'Sports Club');
    await welcome.getByLabel('Name', { exact: true }).fill('Rovers FC');
    await welcome.getByRole('button', { name: 'Create persona' }).click();
    await welcome.getByText(/“Rovers FC” is ready/).waitFor();
    await welcome.getByText(/MB/).first().waitFor(); // the model choice states sizes
    await welcome.getByRole('switch', { name: 'Follow my browsing' }).waitFor();
    await welcome.getByText(/What you read is never sent anywhere/).waitFor();
    await screenshot(welcome, 'onboarding');
    const options = await browser.extPage('options.html');
    await options.getByRole('heading', { name: 'Rovers FC' }).waitFor();
    await options.close();
  });
});

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
    // (Its canonical link names www.aclu.org, another site than the 127.0.0.1 it is served from: the page's own address.)
    assert.ok(text.includes(url), text);
    assert.doesNotMatch(text, /aclu\.org/);
    assert.match((await badge(tabId)).title, /^Copied the draft for /);
    await tab.close();
  });

  it('a strong match while following the browsing notifies, once, outside quiet hours; off by default', async () => {
    const options = await browser.extPage('options.html');
    const notifySwitch = options.getByRole('switch', { name: /Notify me of a strong match/ });
    assert.equal(await notifySwitch.isChecked(), false, 'off by default');
    // Follow my browsing: the test build already holds host access to 127.0.0.1.
    await options.evaluate(() => chrome.runtime.sendMessage({ type: 'settings.setFollow', payload: { enabled: true } }));
    // A persona these pages match strongly (the default bar for a notification is 0.6).
    const personas = JSON.stringify({
      personas: [{ name: 'Firefox Watch', description: 'News about Firefox, Firefox Nightly and Mozilla releases.', keywords: ['firefox', 'nightly', 'mozilla', 'release', 'browser'] }],
    });
    await options.evaluate((text) => chrome.runtime.sendMessage({ type: 'personas.import', payload: { text } }), personas);
    await options.getByLabel('Quiet from').fill('00:00');
    await options.getByLabel('Quiet until').fill('00:00');
    await notifySwitch.check();
    await options.getByText(/Notifications on, quiet from 00:00 to 00:00/).waitFor();
    const count = () => browser.worker.evaluate(async () => Object.keys(await chrome.notifications.getAll()).length);
    const before = await count();
    const tab = await browser.context.newPage();
    await tab.goto(pages.url('firefox-nightly-blog'));
    for (let i = 0; i < 50 && (await count()) === before; i++) await tab.waitForTimeout(100);
    assert.equal((await count()) - before, 1, 'one notification for a strong match');
    await tab.reload();
    await tab.waitForTimeout(1_500);
    assert.equal((await count()) - before, 1, 'once per page');

    // Quiet hours all day: nothing, and the page is not even read.
    await options.getByLabel('Quiet from').fill('00:00');
    await options.getByLabel('Quiet until').fill('23:59');
    await options.getByRole('button', { name: 'Save quiet hours' }).click();
    await options.getByText(/quiet from 00:00 to 23:59/).waitFor();
    await tab.goto(pages.url('mozilla-1'));
    await tab.waitForTimeout(1_500);
    assert.equal((await count()) - before, 1, 'quiet hours respected');
    await tab.close();
    await options.close();
  });
});
