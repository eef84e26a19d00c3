import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CDPSession, Page } from 'playwright-core';
import { launch, startPageServer, type Browser } from './harness';

/**
 * Browsing costs nothing while "follow my browsing" is off: navigations never start the stopped service worker.
 * With follow on, a navigation still starts it, and the page gets its "already curated" badge.
 *
 * The worker is stopped with CDP (as Chrome stops idle workers) and watched through CDP's ServiceWorker events,
 * from an extension page ("control"): a Playwright handle on a stopped worker hangs.
 */
let browser: Browser;
let pages: Awaited<ReturnType<typeof startPageServer>>;
let control: Page;
let cdp: CDPSession;
/** Every running status the extension's worker went through, in order, since the last `stop()`. */
let statuses: string[] = [];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

before(async () => {
  pages = await startPageServer();
  browser = await launch();
  control = await browser.extPage('options.html');
  cdp = await browser.context.newCDPSession(control);
  cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
    for (const v of versions) if (v.scriptURL.startsWith(`chrome-extension://${browser.extensionId}/`)) statuses.push(v.runningStatus);
  });
  await cdp.send('ServiceWorker.enable');
});
after(async () => {
  await browser?.close();
  pages?.server.close();
});

/** Stops the worker and waits until CDP says it stopped. */
async function stop(): Promise<void> {
  // Let the worker finish what it was doing (reading the settings at its start, answering a message).
  await sleep(1_000);
  statuses = [];
  await cdp.send('ServiceWorker.stopAllWorkers');
  for (let i = 0; i < 50 && statuses.at(-1) !== 'stopped'; i++) await sleep(100);
  assert.equal(statuses.at(-1), 'stopped', 'the worker stopped');
  statuses = [];
}

const started = () => statuses.some((s) => s === 'starting' || s === 'running');

/** Asks the background, from the control page (which starts the worker if it is stopped). */
function ask(type: string, payload: object): Promise<unknown> {
  return control.evaluate(([t, p]) => chrome.runtime.sendMessage({ type: t, payload: p }), [type, payload] as const);
}

const badgeOf = (tabId: number) => control.evaluate((id) => chrome.action.getBadgeText({ tabId: id }), tabId);

describe('navigations and the service worker', () => {
  it('with follow off, navigating tabs does not start the stopped worker', async () => {
    const tab = await browser.context.newPage();
    await stop();
    for (const name of ['aclu', 'v8-blog', 'lwn-1']) await tab.goto(pages.url(name));
    await tab.reload();
    await sleep(1_500);
    assert.equal(started(), false, `the worker went ${statuses.join(' → ')}`);
    await tab.close();
  });

  it('with follow on, a navigation starts it and a curated page gets its badge; off again, navigations leave it stopped', async () => {
    const tab = await browser.context.newPage();
    const curated = pages.url('v8-blog');
    await tab.goto(curated);
    const tabId = (await control.evaluate((u) => chrome.tabs.query({ url: u }), curated))[0]!.id!;
    await ask('curate', { tabId, source: 'popup' });
    await ask('settings.setFollow', { enabled: true });
    await tab.goto(pages.url('aclu'));
    assert.equal(await badgeOf(tabId), '', 'the browser cleared the badge on navigation');

    await stop();
    await tab.goto(curated);
    for (let i = 0; i < 50 && (await badgeOf(tabId)) !== '✓'; i++) await sleep(100);
    assert.ok(started(), 'the navigation started the worker');
    assert.equal(await badgeOf(tabId), '✓', 'the worker that woke marked the curated page');

    await ask('settings.setFollow', { enabled: false });
    await stop();
    await tab.goto(pages.url('lwn-1'));
    await tab.goto(curated);
    await sleep(1_500);
    assert.equal(started(), false, `follow off again: the worker went ${statuses.join(' → ')}`);
    assert.equal(await badgeOf(tabId), '', 'and nothing marked the page');
    await tab.close();
  });

  it('private windows: the options switch is off by default and the choice is stored', async () => {
    const privateSwitch = control.getByRole('switch', { name: 'Include private windows' });
    assert.equal(await privateSwitch.isChecked(), false, 'off by default');
    await privateSwitch.click();
    for (let k = 0; k < 300 && !(await privateSwitch.isChecked()); k++) await sleep(100);
    const stored = await control.evaluate(
      () =>
        new Promise<unknown>((resolve) => {
          const open = indexedDB.open('persona-curator');
          open.onsuccess = () => {
            const get = open.result.transaction('kv').objectStore('kv').get('settings');
            get.onsuccess = () => resolve((get.result?.value as { followPrivate?: unknown } | undefined)?.followPrivate);
          };
        }),
    );
    assert.equal(stored, true);
    assert.equal(await privateSwitch.isChecked(), true);
  });
});
