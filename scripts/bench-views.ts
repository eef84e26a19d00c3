/**
 * npm run bench:views — the lexical path and the views, in headless Chromium,
 * with a lexical-only build (no model bundled, none downloaded):
 *  - time from a view's request to its answer, for a ~1,500-word article
 *    (read, extract, score, cache write), with the 3 sample personas and with 50;
 *  - time for the side panel to show its queue with 10,000 curated items
 *    (and with none), from navigation to the first row on screen;
 *  - the same request for hostile pages (tests/fixtures/hostile/generated.ts):
 *    200,000 characters of Chinese, Japanese or Thai without punctuation, 5 MB
 *    of text, 50,000 nodes (bound: 2 s, and read only in part).
 * Prints a Markdown table (paste it into docs/performance.md).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { chromiumArgs, ROOT, seedQueue, startPageServer } from '../tests/e2e/harness';
import { GENERATED } from '../tests/fixtures/hostile/generated';

const OUT = join(ROOT, '.output/bench-views');
const EXT = join(OUT, 'chrome-mv3');
const ARTICLE = 'citylab-1';
const RUNS = Number(process.env.BENCH_RUNS ?? 15);

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(0.95 * xs.length) - 1)]!;

async function suggestTimes(view: Page, tabId: number, runs: number): Promise<{ times: number[]; words: number; scores: number; truncated: boolean }> {
  // Evaluated as a string: tsx would wrap nested functions in a helper the page lacks.
  return (await view.evaluate(`(async () => {
    const times = [];
    let last;
    for (let i = 0; i < ${runs + 2}; i++) {
      const t0 = performance.now();
      last = await chrome.runtime.sendMessage({ type: 'suggest', payload: { tabId: ${tabId}, refresh: true } });
      if (!last.ok) throw new Error(last.error.message);
      if (i >= 2) times.push(performance.now() - t0); // two warm-ups: the worker and the page's first read
    }
    return { times, words: last.data.page.wordCount, scores: last.data.suggestions.length, mode: last.data.mode, truncated: last.data.page.truncated };
  })()`)) as { times: number[]; words: number; scores: number; truncated: boolean };
}

async function main(): Promise<void> {
  execFileSync('npx', ['wxt', 'build'], { cwd: ROOT, stdio: 'ignore', env: { ...process.env, PC_TEST_BUILD: '1', MODEL_DIR: '', PC_OUT_DIR: OUT } });
  const pages = await startPageServer();
  const profile = mkdtempSync(join(tmpdir(), 'pc-bench-views-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: chromiumArgs(EXT),
  });
  // The first queue row on screen, timed by the page itself from navigation start.
  await context.addInitScript(() => {
    if (location.protocol !== 'chrome-extension:') return;
    new MutationObserver((_, obs) => {
      if (document.querySelector('.queue-item, .queue .state:not(:empty)')) {
        (window as unknown as { __firstRow: number }).__firstRow = performance.now();
        obs.disconnect();
      }
    }).observe(document, { subtree: true, childList: true });
  });
  try {
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    const extensionId = new URL(worker.url()).host;
    const tab = await context.newPage();
    const url = pages.url(ARTICLE);
    await tab.goto(url);
    const tabId = await worker.evaluate(async (u) => (await chrome.tabs.query({})).find((t) => t.url === u)?.id ?? -1, url);
    const view = await context.newPage();
    await view.goto(`chrome-extension://${extensionId}/options.html`);
    await view.getByRole('list', { name: 'Personas' }).waitFor();

    const three = await suggestTimes(view, tabId, RUNS);
    // Hostile pages, each in a tab of its own, with the 3 sample personas.
    const HOSTILE = ['chinese-200k.html', 'japanese-200k.html', 'thai-200k.html', 'big-5mb.html', 'nodes-50k.html'].filter((n) => GENERATED[n]);
    const hostile: { name: string; result: Awaited<ReturnType<typeof suggestTimes>> }[] = [];
    for (const name of HOSTILE) {
      const page = await context.newPage();
      const hostileUrl = `${pages.origin}/fixtures/hostile/${name}`;
      await page.goto(hostileUrl);
      const id = await worker.evaluate(async (u) => (await chrome.tabs.query({})).find((t) => t.url === u)?.id ?? -1, hostileUrl);
      hostile.push({ name, result: await suggestTimes(view, id, Math.min(RUNS, 7)) });
      await page.close();
    }
    // 47 more personas, written the way people write them: a name, a sentence, a few keywords.
    const topics = [
      'energy',
      'housing',
      'football',
      'tennis',
      'banking',
      'crypto',
      'climate',
      'schools',
      'music',
      'film',
      'travel',
      'food',
      'fashion',
      'cars',
      'rail',
      'aviation',
      'space',
      'biology',
      'chemistry',
      'physics',
      'retail',
      'farming',
      'labour',
      'taxes',
      'trade',
      'defence',
      'diplomacy',
      'courts',
      'police',
      'cities',
      'design',
      'architecture',
      'art',
      'books',
      'games',
      'mobile',
      'cloud',
      'chips',
      'robots',
      'privacy',
      'health',
      'fitness',
      'parenting',
      'pets',
      'gardening',
      'weather',
      'history',
    ];
    const personas = topics.map((t, i) => ({
      name: `${t[0]!.toUpperCase()}${t.slice(1)} desk ${i}`,
      description: `Shares the best stories about ${t} for a curious general audience.`,
      keywords: [t, `${t} news`, 'analysis'],
    }));
    const imported = (await view.evaluate(`chrome.runtime.sendMessage({ type: 'personas.import', payload: { text: ${JSON.stringify(JSON.stringify({ personas }))} } })`)) as {
      ok: boolean;
      error?: { message: string };
    };
    if (!imported.ok) throw new Error(imported.error?.message);
    const fifty = await suggestTimes(view, tabId, RUNS);

    // 10,000 curated items, written straight into the database (as a long-time user would have them).
    const sidePanelOpen = async (): Promise<number[]> => {
      const times: number[] = [];
      for (let i = 0; i < 9; i++) {
        const panel = await context.newPage();
        await panel.goto(`chrome-extension://${extensionId}/sidepanel.html?tabId=${tabId}`);
        await panel.waitForFunction(() => (window as unknown as { __firstRow?: number }).__firstRow !== undefined, undefined, { timeout: 30_000 });
        if (i >= 2) times.push(await panel.evaluate(() => (window as unknown as { __firstRow: number }).__firstRow));
        await panel.close();
      }
      return times;
    };
    const empty = await sidePanelOpen();
    await seedQueue(view, 10_000);
    const full = await sidePanelOpen();
    const panel = await context.newPage();
    await panel.goto(`chrome-extension://${extensionId}/sidepanel.html?tabId=${tabId}`);
    await panel.locator('.queue-item').first().waitFor();
    const rendered = await panel.locator('.queue-item').count();
    const shown = (await panel.locator('.queue .meta').first().textContent()) ?? '';

    const row = (label: string, xs: number[]) => `| ${label} | ${median(xs).toFixed(0)} ms | ${p95(xs).toFixed(0)} ms | ${xs.length} |`;
    console.log(`\n${ARTICLE}: ${three.words} words; ${RUNS} runs after 2 warm-ups; lexical-only build.\n`);
    console.log('| measure | median | p95 | runs |\n|---|---|---|---|');
    console.log(row(`request → suggestions, ${three.scores} personas (read + extract + score + cache)`, three.times));
    console.log(row(`request → suggestions, ${fifty.scores} personas`, fifty.times));
    console.log(`| 47 more personas add | ${(median(fifty.times) - median(three.times)).toFixed(1)} ms | | |`);
    for (const { name, result } of hostile) {
      console.log(row(`request → suggestions, ${name} (${result.words} words${result.truncated ? ', read in part' : ''}; bound 2 s)`, result.times));
    }
    console.log(row('side panel: navigation → first queue row, empty queue', empty));
    console.log(row(`side panel: navigation → first queue row, 10,000 items (${rendered} rows in the page; "${shown}")`, full));
  } finally {
    await context.close();
    pages.server.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

await main();
