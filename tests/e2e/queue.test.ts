import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { launch, screenshot, seedQueue, type Browser } from './harness';

/** A long-time user's queue: 10,000 items, all reachable, only the visible rows in the page. */
let browser: Browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

describe('a queue of 10,000 curated items', () => {
  it('shows the count, renders only the rows in view, scrolls to the oldest, and removes one', { timeout: 120_000 }, async () => {
    const seed = await browser.extPage('options.html');
    await seedQueue(seed, 10_000);
    const panel = await browser.extPage('sidepanel.html');
    const queue = panel.getByRole('list', { name: 'Curated' });
    await queue.getByRole('listitem').first().waitFor();
    await panel.getByText('10,000 items').waitFor();
    const inPage = await queue.getByRole('listitem').count();
    assert.ok(inPage > 3 && inPage < 60, `${inPage} rows in the page`);
    assert.equal(await queue.getByRole('listitem').first().getAttribute('aria-setsize'), '10000');
    await panel.getByRole('link', { name: 'Story number 0', exact: true }).waitFor();

    await panel.locator('.queue-scroll').evaluate((el) => (el.scrollTop = el.scrollHeight));
    const oldest = panel.getByRole('link', { name: 'Story number 9999', exact: true });
    await oldest.waitFor();
    assert.equal(await oldest.locator('xpath=ancestor::li').getAttribute('aria-posinset'), '10000');
    await screenshot(panel, 'sidepanel-10000-items');

    await panel.getByRole('button', { name: 'Remove Story number 9999' }).click();
    await panel.getByText('9,999 items').waitFor();
    await panel.getByRole('link', { name: 'Story number 9999', exact: true }).waitFor({ state: 'detached' });
    await panel.getByRole('link', { name: 'Story number 9998', exact: true }).waitFor();
  });
});
