import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { launch, screenshot, startPageServer, tabIdOf, type Browser } from './harness';

/** "Picks on this page" on a news front page served locally (tests/e2e/harness.ts FRONT_PAGE), with the sample personas. */
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

describe('picks on a front page', () => {
  it('the popup lists picks for the personas, with absolute links, and one curated goes to the queue unread', { timeout: 90_000 }, async () => {
    const tab = await browser.context.newPage();
    const url = `${pages.origin}/front-page/`;
    await tab.goto(url);
    const tabId = await tabIdOf(browser.worker, url);
    const popup = await browser.extPage(`popup.html?tabId=${tabId}`);
    const list = popup.getByRole('list', { name: 'Picks on this page' });
    await list.getByRole('listitem').first().waitFor({ timeout: 30_000 });
    assert.equal(await popup.getByText(/doesn't look like an article/).count(), 0, 'the picks replace "not an article"');
    const items = list.getByRole('listitem');
    const n = await items.count();
    assert.ok(n >= 2 && n <= 9, `${n} picks (at most 3 for each of the 3 sample personas)`);
    const personas = ['Tech Explainer', 'Policy Watch', 'Health & Science Desk'];
    for (let i = 0; i < n; i++) {
      const item = items.nth(i);
      const href = await item.getByRole('link').first().getAttribute('href');
      assert.match(href ?? '', /^http:\/\/127\.0\.0\.1:\d+\/(world|sports|business|tech)\/story-\d+\.html$/, 'an absolute link to the article');
      const text = (await item.textContent()) ?? '';
      assert.ok(
        personas.some((p) => text.includes(`For ${p}`)),
        `the pick names its persona: ${text.slice(0, 120)}`,
      );
      assert.match(text, /Post this|Close call|Weak match/, 'with a strength label');
    }
    // Share links are built from the headline and carry the article's address.
    const first = items.first();
    const headline = ((await first.getByRole('link').first().textContent()) ?? '').trim();
    const href = (await first.getByRole('link').first().getAttribute('href'))!;
    await first.getByText('Share', { exact: true }).click();
    const buffer = new URL((await first.locator('a.handoff-link.buffer').getAttribute('href'))!);
    assert.equal(buffer.searchParams.get('text'), headline);
    assert.equal(new URL(buffer.searchParams.get('url')!).pathname, new URL(href).pathname);
    await screenshot(popup, 'popup-picks-front-page');

    // Curate with the keyboard: the link is queued with its headline, unread.
    await first.getByRole('button', { name: new RegExp(`^Curate “`) }).focus();
    await popup.keyboard.press('Enter');
    await first.getByText(/Queued for .+, unread\./).waitFor();
    const panel = await browser.extPage('sidepanel.html');
    const queue = panel.getByRole('list', { name: 'Curated' });
    await queue.getByRole('listitem').filter({ hasText: headline }).waitFor({ timeout: 15_000 });
    const stored = await browser.worker.evaluate(async (u) => {
      const open = indexedDB.open('persona-curator');
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      const all = await new Promise<{ url: string; title: string; source: string; simhash: unknown }[]>((resolve) => {
        const req = db.transaction('queue').objectStore('queue').getAll();
        req.onsuccess = () => resolve(req.result);
      });
      db.close();
      return all.find((i) => i.url === u) ?? null;
    }, href);
    assert.ok(stored, 'queued under the article address');
    assert.equal(stored.title, headline);
    assert.equal(stored.source, 'pick');

    // Sharing a pick goes into the share log (issue 15), with its campaign, and marks the queued link shared.
    await first.locator('a.handoff-link.buffer').click();
    const shared = async () =>
      browser.worker.evaluate(async (u) => {
        const open = indexedDB.open('persona-curator');
        const db = await new Promise<IDBDatabase>((resolve, reject) => {
          open.onsuccess = () => resolve(open.result);
          open.onerror = () => reject(open.error);
        });
        const [shares, queue] = await Promise.all(
          ['shares', 'queue'].map(
            (name) =>
              new Promise<unknown[]>((resolve) => {
                const req = db.transaction(name).objectStore(name).getAll();
                req.onsuccess = () => resolve(req.result as unknown[]);
              }),
          ),
        );
        const log = (shares as { articleUrl: string; network: string; url: string }[]).filter((r) => r.articleUrl === u);
        const item = (queue as { url: string; status: string }[]).find((i) => i.url === u);
        db.close();
        return { log, status: item?.status ?? null };
      }, href);
    let after = await shared();
    for (let i = 0; i < 50 && after.log.length === 0; i++) {
      await popup.waitForTimeout(100);
      after = await shared();
    }
    assert.equal(after.log.length, 1, 'one share logged for the pick');
    assert.equal(after.log[0]!.network, 'buffer');
    assert.match(after.log[0]!.url, /utm_source=buffer&utm_medium=social&utm_campaign=/);
    assert.equal(after.status, 'shared');
    await popup.close();
    await panel.close();
    await tab.close();
  });

  it('an article page keeps its suggestions first: its related picks, when any fit, sit below them', { timeout: 60_000 }, async () => {
    const tab = await browser.context.newPage();
    const url = pages.url('v8-blog');
    await tab.goto(url);
    const popup = await browser.extPage(`popup.html?tabId=${await tabIdOf(browser.worker, url)}`);
    await popup.getByRole('list', { name: 'Suggestions' }).waitFor({ timeout: 15_000 });
    // The related links are scored too; whatever they give, the article's own suggestions come first.
    const order = await popup.evaluate(() => {
      const s = document.querySelector('[aria-label="Suggestions"]');
      const p = document.querySelector('.picks');
      return p && s ? Boolean(s.compareDocumentPosition(p) & Node.DOCUMENT_POSITION_FOLLOWING) : null;
    });
    assert.notEqual(order, false, 'picks, when shown, sit below the suggestions');
    await popup.close();
    await tab.close();
  });
});
