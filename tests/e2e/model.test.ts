import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { DEFAULT_MODEL_ID } from '../../lib/model/catalog';
import type { ModelStatus } from '../../lib/model/status';
import { launch, readKv, screenshot, startModelServer, startPageServer, tabIdOf, TEST_MODEL_DIR, writeKv, type Browser } from './harness';

const MULTILINGUAL = 'Xenova/multilingual-e5-small';
let browser: Browser;
let pages: Awaited<ReturnType<typeof startPageServer>>;
let hub: Awaited<ReturnType<typeof startModelServer>>;

before(async () => {
  pages = await startPageServer();
  hub = await startModelServer(TEST_MODEL_DIR, MULTILINGUAL);
  browser = await launch();
  // Record any CSP violation in extension pages (a blocked WASM or script would show here).
  await browser.context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      const w = window as unknown as { __csp?: string[] };
      (w.__csp ??= []).push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
});
after(async () => {
  await browser?.close();
  pages?.server.close();
  hub?.server.close();
});

async function popupFor(name: string): Promise<{ popup: Page; tabId: number }> {
  const page = await browser.context.newPage();
  await page.goto(pages.url(name));
  const tabId = await tabIdOf(browser.worker, pages.url(name));
  const popup = await browser.extPage(`popup.html?tabId=${tabId}`);
  await popup.getByRole('list', { name: 'Suggestions' }).waitFor({ timeout: 30_000 });
  return { popup, tabId };
}

async function csp(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? []);
}

async function offscreenOpen(): Promise<boolean> {
  return browser.worker.evaluate(async () => (await chrome.runtime.getContexts({ contextTypes: ['OFFSCREEN_DOCUMENT' as chrome.runtime.ContextType] })).length > 0);
}

describe('on-device model in Chromium', () => {
  it('scores with the bundled model (hybrid), shows it, and never contacts the hub', async () => {
    const { popup } = await popupFor('v8-blog');
    assert.equal((await popup.locator('.mode').textContent())?.trim(), 'hybrid');
    const status = await readKv<ModelStatus>(browser.worker, 'modelStatus');
    assert.equal(status?.modelId, DEFAULT_MODEL_ID);
    assert.equal(status?.phase, 'ready');
    assert.equal(status?.source, 'bundled');
    assert.ok(await offscreenOpen(), 'the model runs in the offscreen document');
    assert.deepEqual(await csp(popup), []);
    assert.deepEqual(
      browser.blocked.filter((u) => /huggingface|hf\.co/.test(u)),
      [],
    );
    assert.deepEqual(hub.state.requests, []);
    await popup.close();
  });

  it('serves a revisit from the cache: no inference runs', async () => {
    const before = (await readKv<ModelStatus>(browser.worker, 'modelStatus'))?.inferences ?? 0;
    const { popup } = await popupFor('v8-blog');
    assert.equal((await popup.locator('.mode').textContent())?.trim(), 'hybrid · cached');
    assert.equal((await readKv<ModelStatus>(browser.worker, 'modelStatus'))?.inferences, before);
    await popup.close();
  });

  it('closes the offscreen document when idle, and a later request re-creates it', async () => {
    await writeKv(browser.worker, 'modelIdleMs', 2_000);
    const { popup } = await popupFor('aclu');
    assert.equal((await popup.locator('.mode').textContent())?.trim(), 'hybrid');
    for (let i = 0; i < 50 && (await offscreenOpen()); i++) await new Promise((r) => setTimeout(r, 200));
    assert.equal(await offscreenOpen(), false, 'closed after its idle time');
    // A page never seen before needs inference: the document comes back.
    const next = await popupFor('wikipedia');
    assert.equal(await offscreenOpen(), true);
    assert.equal((await next.popup.locator('.mode').textContent())?.trim(), 'hybrid');
    await writeKv(browser.worker, 'modelIdleMs', 180_000);
    await popup.close();
    await next.popup.close();
  });

  it('answers lexically when the model is switched off', async () => {
    const options = await browser.extPage('options.html');
    await options.getByRole('radio', { name: /Off — word matching only/ }).check();
    await options.waitForTimeout(200);
    const { popup } = await popupFor('firefox-nightly-blog');
    assert.equal((await popup.locator('.mode').textContent())?.trim(), 'lexical');
    await popup.close();
    await options.close();
  });

  it('downloads a model after consent, with progress, and retries after an interrupted download', async () => {
    await writeKv(browser.worker, 'testModelHost', hub.origin);
    hub.state.interrupt = true;
    const options = await browser.extPage('options.html');
    await options.getByRole('radio', { name: /Multilingual/ }).check();
    const download = options.getByRole('button', { name: /Download 118 MB and use it/ });
    await download.waitFor();
    await download.click();
    await options.getByRole('progressbar', { name: /Downloading the model/ }).waitFor({ timeout: 10_000 });
    const alert = options.getByRole('alert').filter({ hasText: /download failed/ });
    await alert.waitFor({ timeout: 30_000 });
    await screenshot(options, 'options-model-error');

    // Meanwhile, suggestions still come, from word matching.
    const { popup } = await popupFor('aclu');
    assert.equal((await popup.locator('.mode').textContent())?.trim().startsWith('lexical'), true);
    await popup
      .getByRole('alert')
      .filter({ hasText: /download failed/ })
      .waitFor();

    hub.state.interrupt = false;
    await alert.getByRole('button', { name: 'Retry' }).click();
    const bar = options.getByRole('progressbar', { name: /Downloading the model/ });
    await bar.waitFor({ timeout: 10_000 });
    const values = new Set<string>();
    for (let i = 0; i < 40 && (await bar.count()) > 0; i++) {
      values.add((await bar.getAttribute('aria-valuenow').catch(() => null)) ?? '');
      await options.waitForTimeout(100);
    }
    assert.ok([...values].filter(Boolean).length >= 2, `progress moved: ${[...values].join(',')}`);
    await options.getByText(/Model ready \(downloaded\)/).waitFor({ timeout: 30_000 });
    await screenshot(options, 'options-model-ready');

    // The popup that was showing lexical results asks again by itself once the model is ready.
    await popup.locator('.mode', { hasText: 'hybrid' }).waitFor({ timeout: 30_000 });
    const cached = await options.evaluate(async () => (await (await caches.open('transformers-cache')).keys()).map((r) => r.url));
    assert.ok(
      cached.some((u) => u.includes('multilingual-e5-small') && u.endsWith('model_quantized.onnx')),
      'the weights are in Cache Storage',
    );
    const status = await readKv<ModelStatus>(browser.worker, 'modelStatus');
    assert.equal(status?.modelId, MULTILINGUAL);
    assert.equal(status?.source, 'download');
    assert.deepEqual(await csp(options), []);
    await popup.close();
    await options.close();
  });
});
