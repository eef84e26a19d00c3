import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { launch, screenshot, startPageServer, tabIdOf, type Browser } from './harness';
import { assertAxeClean } from './axe';

/**
 * Accessibility: axe-core on every view and state, the main flows with the keyboard only, a visible focus ring,
 * light and dark schemes, and side panel widths from 320 to 600 px.
 */

/** What has focus, and whether it shows a focus indicator (its own, or its file-button label's). */
async function focused(page: Page): Promise<{ tag: string; text: string; role: string | null; cls: string; visible: boolean }> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return { tag: 'body', text: '', role: null, cls: '', visible: false };
    // No named helper in here: tsx would wrap it in __name(), which the page does not have.
    let visible = false;
    for (const e of [el, el.closest('.file-button')]) {
      if (!e) continue;
      const s = getComputedStyle(e);
      if ((s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none') visible = true;
    }
    return {
      tag: el.tagName.toLowerCase(),
      text: (el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 60),
      role: el.getAttribute('role'),
      cls: el.className,
      visible,
    };
  });
}

/** Presses Tab (or Shift+Tab) until `match` holds, checking each stop has a visible focus indicator. */
async function tabTo(page: Page, match: (f: Awaited<ReturnType<typeof focused>>) => boolean, { back = false, max = 80 } = {}) {
  const seen: string[] = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    const f = await focused(page);
    seen.push(`${f.tag}${f.role ? `[${f.role}]` : ''} "${f.text}"`);
    if (f.tag !== 'body') assert.ok(f.visible, `no visible focus indicator on ${seen.at(-1)}`);
    if (match(f)) return f;
  }
  assert.fail(`never reached the element; focus went through: ${seen.join(' → ')}`);
}

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

async function openTab(url: string): Promise<number> {
  const page = await browser.context.newPage();
  await page.goto(url);
  return tabIdOf(browser.worker, url);
}

async function suggestions(view: Page): Promise<void> {
  await view.getByRole('list', { name: 'Suggestions' }).waitFor({ timeout: 15_000 });
}

async function noHorizontalOverflow(page: Page, label: string): Promise<void> {
  const { scrollWidth, clientWidth, wide } = await page.evaluate(() => {
    const root = document.scrollingElement ?? document.documentElement;
    // Name the culprits, to say what to fix.
    const wide = [...document.querySelectorAll('body *')]
      .filter((e) => e.getBoundingClientRect().right > root.clientWidth + 0.5)
      .slice(0, 5)
      .map((e) => `${e.tagName.toLowerCase()}.${(e as HTMLElement).className}`);
    return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, wide };
  });
  assert.ok(scrollWidth <= clientWidth, `${label}: scrollWidth ${scrollWidth} > clientWidth ${clientWidth} (${wide.join(', ')})`);
}

describe('Accessibility in Chromium', () => {
  it('popup, side panel and options have no serious or critical axe violations, in light and dark', async () => {
    const tabId = await openTab(pages.url('v8-blog'));
    const popup = await browser.extPage(`popup.html?tabId=${tabId}`);
    await popup.setViewportSize({ width: 420, height: 600 });
    await suggestions(popup);
    const panel = await browser.extPage(`sidepanel.html?tabId=${tabId}`);
    await panel.setViewportSize({ width: 400, height: 900 });
    await suggestions(panel);
    // The queue with an item in it, and its export form open.
    await panel.getByRole('button', { name: 'Curate', exact: true }).click();
    await panel.getByRole('list', { name: 'Curated' }).getByRole('listitem').first().waitFor();
    await panel.getByText('Export the queue').click();
    const options = await browser.extPage('options.html');
    await options.getByRole('list', { name: 'Personas' }).waitFor();
    await options.getByText('More options (keywords, hashtags, voice)').click();
    for (const scheme of ['light', 'dark'] as const) {
      for (const [page, label] of [
        [popup, 'popup'],
        [panel, 'side panel'],
        [options, 'options'],
      ] as const) {
        await page.emulateMedia({ colorScheme: scheme });
        await assertAxeClean(page, `${label} (${scheme})`);
      }
    }
    // Every draft and every "More places", opened.
    for (const page of [popup, panel]) {
      await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
      for (const scheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: scheme });
        await assertAxeClean(page, `${page === popup ? 'popup' : 'side panel'}, every draft open (${scheme})`);
      }
    }
    for (const page of [popup, panel, options]) await page.close();
  });

  it('the welcome page has no serious or critical axe violations and fits 320 px, in light and dark', async () => {
    const welcome = await browser.extPage('onboarding.html');
    await welcome.locator('#app *').first().waitFor();
    for (const scheme of ['light', 'dark'] as const) {
      await welcome.emulateMedia({ colorScheme: scheme });
      await welcome.setViewportSize({ width: 800, height: 900 });
      await assertAxeClean(welcome, `welcome (${scheme})`);
      await welcome.setViewportSize({ width: 320, height: 900 });
      await noHorizontalOverflow(welcome, `welcome 320px ${scheme}`);
    }
    await welcome.close();
  });

  it('empty, not-an-article and error states have no serious or critical axe violations', async () => {
    // A tab that does not exist: the error state.
    const missing = await browser.extPage('popup.html?tabId=987654321');
    await missing.locator('.state').first().waitFor();
    await assertAxeClean(missing, 'popup, error state');
    // A page with no text: not an article.
    const tabId = await openTab(`${pages.origin}/fixtures/hostile/zero-text.html`);
    const empty = await browser.extPage(`popup.html?tabId=${tabId}`);
    await empty.locator('.state').first().waitFor({ timeout: 15_000 });
    await assertAxeClean(empty, 'popup, not an article');
    for (const scheme of ['light', 'dark'] as const) {
      await missing.emulateMedia({ colorScheme: scheme });
      await assertAxeClean(missing, `popup, error state (${scheme})`);
    }
    await missing.close();
    await empty.close();
  });

  it('"Picks on this page" on a front page: no serious or critical axe violations, in light and dark, and curated with the keyboard', async () => {
    const tabId = await openTab(`${pages.origin}/front-page/`);
    const panel = await browser.extPage(`sidepanel.html?tabId=${tabId}`);
    await panel.setViewportSize({ width: 400, height: 900 });
    const picks = panel.getByRole('list', { name: 'Picks on this page' });
    await picks.getByRole('listitem').first().waitFor({ timeout: 30_000 });
    for (const scheme of ['light', 'dark'] as const) {
      await panel.emulateMedia({ colorScheme: scheme });
      await assertAxeClean(panel, `side panel, picks (${scheme})`);
    }
    await panel.evaluate(() => document.querySelectorAll('.picks details').forEach((d) => ((d as HTMLDetailsElement).open = true)));
    await assertAxeClean(panel, 'side panel, picks with every share list open');
    await panel.evaluate(() => document.querySelectorAll('.picks details').forEach((d) => ((d as HTMLDetailsElement).open = false)));
    // The keyboard reaches a pick's link, then its Curate button; Enter queues it.
    await tabTo(panel, (f) => f.tag === 'a' && f.cls.includes('pick-link'));
    const curate = await tabTo(panel, (f) => f.tag === 'button' && f.text.startsWith('Curate “'));
    assert.ok(curate.visible);
    await panel.keyboard.press('Enter');
    await panel.getByText(/Queued for .+, unread\./).waitFor();
    // "Share" opens with Enter and its first stop is a share link.
    await tabTo(panel, (f) => f.tag === 'summary' && f.text.startsWith('Share “'));
    await panel.keyboard.press('Enter');
    const share = await tabTo(panel, (f) => f.tag === 'a' && f.cls.includes('handoff-link'));
    assert.match(share.text, / as /);
    await panel.close();
  });

  it('popup with the keyboard only: Curate, a story style, the handoff links; every stop shows its focus', async () => {
    const tabId = await openTab(pages.url('aclu'));
    const popup = await browser.extPage(`popup.html?tabId=${tabId}`);
    await popup.setViewportSize({ width: 420, height: 600 });
    await suggestions(popup);
    await tabTo(popup, (f) => f.tag === 'button' && f.text === 'Curate');
    await popup.keyboard.press('Enter');
    await popup.getByText(/Saved to the queue/).waitFor();

    // The story styles are one radio group: one Tab stop, arrows move and select.
    const first = popup.getByRole('list', { name: 'Suggestions' }).getByRole('listitem').first();
    const checked = () => first.locator('[role=radio][aria-checked=true]').textContent();
    const before = await checked();
    // The first suggestion's draft opens from its summary, with Enter, when it is not already open.
    await tabTo(popup, (f) => f.tag === 'summary');
    if (
      !(await first
        .locator('details')
        .first()
        .evaluate((d) => (d as HTMLDetailsElement).open))
    )
      await popup.keyboard.press('Enter');
    const radio = await tabTo(popup, (f) => f.role === 'radio');
    assert.equal(radio.text, before, 'Tab lands on the checked style');
    await popup.keyboard.press('ArrowRight');
    const after = await checked();
    assert.notEqual(after, before, 'ArrowRight selects the next style');
    assert.equal((await focused(popup)).text, after, 'and focuses it');
    await popup.keyboard.press('ArrowLeft');
    assert.equal(await checked(), before);
    await popup.keyboard.press('End');
    assert.equal(await checked(), 'Thread opener');
    assert.match(await first.getByRole('textbox', { name: /^Draft for/ }).inputValue(), /\n\n1\/\n\n/);
    await popup.keyboard.press('Home');
    assert.equal(await checked(), 'Quote');
    // One Tab leaves the group: the next stop is not a style.
    await popup.keyboard.press('Tab');
    assert.notEqual((await focused(popup)).role, 'radio');
    await popup.keyboard.press('Shift+Tab');
    assert.equal((await focused(popup)).role, 'radio');

    const link = await tabTo(popup, (f) => f.tag === 'a' && f.cls.includes('handoff-link'));
    assert.match(link.text, /^Send to Buffer as /);
    // Enter follows the link: a new tab asks for the scheduler (the harness blocks the request itself).
    const opened = browser.context.waitForEvent('page');
    await popup.keyboard.press('Enter');
    const tab = await opened;
    for (let i = 0; i < 50 && !browser.blocked.some((u) => u.startsWith('https://buffer.com/')); i++) await popup.waitForTimeout(100);
    assert.ok(
      browser.blocked.some((u) => u.startsWith('https://buffer.com/')),
      `Enter on the link opens Buffer; blocked: ${browser.blocked.join(', ')}`,
    );
    await tab.close();
    // "More places" opens with the keyboard too.
    await tabTo(popup, (f) => f.tag === 'summary' && f.text === 'More places');
    await popup.keyboard.press('Enter');
    const more = await tabTo(popup, (f) => f.tag === 'a');
    assert.match(more.text, / as /);
    await popup.close();
  });

  it('options with the keyboard only: create a persona, open more options, pick a style', async () => {
    const options = await browser.extPage('options.html');
    await options.getByRole('list', { name: 'Personas' }).waitFor();
    const count = await options.getByRole('list', { name: 'Personas' }).getByRole('listitem').count();
    await tabTo(options, (f) => f.tag === 'input' && f.text === '');
    assert.equal(await options.evaluate(() => document.activeElement?.id), 'new-name');
    await options.keyboard.type('Keyboard Desk');
    await options.keyboard.press('Tab');
    await options.keyboard.type('Shares accessibility news for people who use the keyboard.');
    await tabTo(options, (f) => f.tag === 'summary');
    await options.keyboard.press('Space');
    await tabTo(options, (f) => f.tag === 'input');
    await options.keyboard.type('keyboard, screen reader');
    await tabTo(options, (f) => f.tag === 'select');
    await options.keyboard.press('ArrowDown');
    assert.equal(await options.locator('#new-style').inputValue(), 'headline');
    await tabTo(options, (f) => f.tag === 'button' && f.text === 'Add persona');
    await options.keyboard.press('Enter');
    const card = options
      .getByRole('list', { name: 'Personas' })
      .getByRole('listitem')
      .filter({ has: options.getByRole('heading', { name: 'Keyboard Desk' }) });
    await card.waitFor();
    assert.equal(await options.getByRole('list', { name: 'Personas' }).getByRole('listitem').count(), count + 1);
    assert.match((await card.textContent()) ?? '', /Style: Headline/);
    assert.match((await card.textContent()) ?? '', /screen reader/);
    await options.close();
  });

  for (const scheme of ['light', 'dark'] as const) {
    it(`side panel fits 320 to 600 px with no horizontal scroll (${scheme})`, async () => {
      const tabId = await openTab(pages.url('firefox-nightly-blog'));
      const panel = await browser.extPage(`sidepanel.html?tabId=${tabId}`);
      await panel.emulateMedia({ colorScheme: scheme });
      await suggestions(panel);
      const bg = await panel.evaluate(() => getComputedStyle(document.body).backgroundColor);
      assert.equal(bg, scheme === 'dark' ? 'rgb(22, 21, 28)' : 'rgb(247, 247, 251)', `the ${scheme} palette follows the system`);
      await panel.getByText('Export the queue').click();
      for (const width of [320, 400, 600]) {
        await panel.setViewportSize({ width, height: 900 });
        await panel.waitForTimeout(100);
        await noHorizontalOverflow(panel, `side panel ${width}px ${scheme}`);
        // From the top: a full-page shot of a scrolled page draws the sticky header half-way down.
        await panel.evaluate(() => window.scrollTo(0, 0));
        if (width !== 400) await screenshot(panel, `sidepanel-${scheme}-${width}`);
      }
      const popup = await browser.extPage(`popup.html?tabId=${tabId}`);
      await popup.emulateMedia({ colorScheme: scheme });
      await popup.setViewportSize({ width: 420, height: 600 });
      await suggestions(popup);
      await noHorizontalOverflow(popup, `popup ${scheme}`);
      await screenshot(popup, `popup-${scheme}`);
      const options = await browser.extPage('options.html');
      await options.emulateMedia({ colorScheme: scheme });
      await options.getByRole('list', { name: 'Personas' }).waitFor();
      for (const width of [400, 800]) {
        await options.setViewportSize({ width, height: 900 });
        await noHorizontalOverflow(options, `options ${width}px ${scheme}`);
      }
      await screenshot(options, `options-${scheme}-800`);
      for (const page of [panel, popup, options]) await page.close();
    });
  }
});
