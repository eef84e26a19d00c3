import assert from 'node:assert/strict';
import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { launch, PAGES, startPageServer, tabIdOf, type Browser } from './harness';

/**
 * Every saved page in ../shared/pages goes through the real extractor in
 * Chromium, injected the way the extension injects it. The test build's
 * extractor records the mutations made while it reads (it reads in one
 * synchronous task, so none of them can be the page's own) and how long it took.
 */
let browser: Browser;
let pages: Awaited<ReturnType<typeof startPageServer>>;
const extensionErrors: string[] = [];

before(async () => {
  pages = await startPageServer();
  browser = await launch();
  browser.worker.on('console', (m) => m.type() === 'error' && extensionErrors.push(`worker: ${m.text()}`));
});
after(async () => {
  await browser?.close();
  pages?.server.close();
});

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

describe('every shared page, read in Chromium', () => {
  it('reads each page without an error, without touching its DOM, within bounds', { timeout: 600_000 }, async () => {
    const names = readdirSync(PAGES).filter((n) => existsSync(join(PAGES, n, 'source.html')));
    assert.ok(names.length >= 100, `expected the shared pages, found ${names.length}`);
    const tab = await browser.context.newPage();
    tab.on('console', (m) => {
      // The extractor's own errors surface in the page's console, attributed to the extension.
      // (A saved page may itself link another extension's files: those failed loads are the page's, not ours.)
      if (m.type() === 'error' && m.location().url.startsWith(`chrome-extension://${browser.extensionId}/`)) extensionErrors.push(`${tab.url()}: ${m.text()}`);
    });
    const rows: { name: string; ms: number; total: number; mutations: number; outcome: string }[] = [];
    for (const name of names) {
      const url = pages.url(name);
      await tab.goto(url, { waitUntil: 'load' });
      const tabId = await tabIdOf(browser.worker, url);
      const t0 = Date.now();
      const outcome = await browser.worker.evaluate(async (id) => {
        const api = (globalThis as unknown as { personaCurator: { handlers: { suggest: (p: unknown, s: unknown) => Promise<{ page: { notArticle: string | null }; suggestions: unknown[] }> } } })
          .personaCurator;
        try {
          const r = await api.handlers.suggest({ tabId: id }, {});
          return r.page.notArticle ? `not an article (${r.page.notArticle})` : `article, ${r.suggestions.length} scores`;
        } catch (err) {
          return `error: ${(err as Error).message}`;
        }
      }, tabId);
      const total = Date.now() - t0;
      // A string, not a function: tsx would wrap a nested function in a helper the worker lacks.
      const read = (await browser.worker.evaluate(
        `chrome.scripting.executeScript({ target: { tabId: ${tabId} }, func: function () { return globalThis.__pcLastRead || null; } }).then((r) => r[0] && r[0].result)`,
      )) as { ms: number; mutations: number; url: string } | null;
      assert.ok(read, `${name}: the extractor ran`);
      assert.equal(read.url, url);
      rows.push({ name, ms: read.ms, total, mutations: read.mutations, outcome });
    }
    await tab.close();

    const ms = rows.map((r) => r.ms).sort((a, b) => a - b);
    const totals = rows.map((r) => r.total).sort((a, b) => a - b);
    const slowest = [...rows].sort((a, b) => b.ms - a.ms).slice(0, 3);
    console.log(
      `# ${rows.length} pages read in Chromium: extraction median ${percentile(ms, 50).toFixed(1)} ms, p95 ${percentile(ms, 95).toFixed(1)} ms, max ${ms.at(-1)!.toFixed(1)} ms` +
        ` (${slowest.map((r) => `${r.name} ${r.ms.toFixed(0)} ms`).join(', ')}); request to scores median ${percentile(totals, 50)} ms, p95 ${percentile(totals, 95)} ms, max ${totals.at(-1)} ms` +
        `; ${rows.filter((r) => r.outcome.startsWith('article')).length} articles, ${rows.filter((r) => r.outcome.startsWith('not')).length} not articles`,
    );
    const errors = rows.filter((r) => r.outcome.startsWith('error'));
    assert.deepEqual(errors, [], 'every page ends in a suggestion or "not an article"');
    assert.deepEqual(
      rows.filter((r) => r.mutations !== 0).map((r) => `${r.name}: ${r.mutations}`),
      [],
      'reading never changes the page',
    );
    assert.deepEqual(extensionErrors, [], 'no error in any extension context');
    assert.deepEqual(
      browser.pageErrors.filter((e) => e.startsWith('chrome-extension://')),
      [],
    );
  });
});
