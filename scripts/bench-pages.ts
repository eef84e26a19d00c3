/**
 * npm run bench:pages — what the extension costs a page load. Every page in
 * ../shared/pages is loaded in three Chromium profiles, one page at a time, in
 * rotating order, BENCH_RUNS times each (default 3):
 *  - "none": no extension;
 *  - "off": the store build, "follow my browsing" off (nothing is injected unless asked);
 *  - "on": the extension with host access to the pages and its side panel open
 *    beside them, reading each page after it loads (extraction waits for the
 *    load event and an idle moment).
 * Reports the median load-event time of each and the ratios to "none".
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { chromiumArgs, PAGES, ROOT, startPageServer } from '../tests/e2e/harness';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const SETTLE_MS = 300;
const OUT = join(ROOT, '.output/bench-pages');

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

interface Profile {
  name: 'none' | 'off' | 'on';
  context: BrowserContext;
  tab: Page;
  dir: string;
  times: number[];
}

async function open(name: Profile['name'], extension: string | null): Promise<Profile> {
  const dir = mkdtempSync(join(tmpdir(), `pc-bench-pages-${name}-`));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: chromiumArgs(extension),
  });
  const tab = context.pages()[0] ?? (await context.newPage());
  return { name, context, tab, dir, times: [] };
}

async function loadTime(tab: Page, url: string): Promise<number> {
  await tab.goto(url, { waitUntil: 'load', timeout: 60_000 });
  return tab.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    return nav.loadEventStart - nav.startTime;
  });
}

async function main(): Promise<void> {
  const build = (dir: string, test: boolean) =>
    execFileSync('npx', ['wxt', 'build'], { cwd: ROOT, stdio: 'ignore', env: { ...process.env, PC_TEST_BUILD: test ? '1' : '0', MODEL_DIR: '', PC_OUT_DIR: join(OUT, dir) } });
  build('off', false);
  build('on', true);
  const names = readdirSync(PAGES).filter((n) => existsSync(join(PAGES, n, 'source.html')));
  const server = await startPageServer();
  const profiles = [await open('none', null), await open('off', join(OUT, 'off/chrome-mv3')), await open('on', join(OUT, 'on/chrome-mv3'))];
  try {
    // "Follow my browsing": the side panel, in a window of its own, follows the page tab and reads each page.
    const on = profiles[2]!;
    const worker = on.context.serviceWorkers()[0] ?? (await on.context.waitForEvent('serviceworker'));
    await worker.evaluate(async () => {
      await chrome.windows.create({ url: chrome.runtime.getURL('/sidepanel.html'), type: 'popup', focused: false });
    });
    await on.tab.bringToFront();
    for (let run = 0; run < RUNS; run++) {
      for (const [i, name] of names.entries()) {
        // Rotating order, so no profile always goes first (or last) on a page.
        const order = [0, 1, 2].map((k) => profiles[(k + i + run) % 3]!);
        for (const p of order) {
          p.times.push(await loadTime(p.tab, server.url(name)));
          await new Promise((r) => setTimeout(r, SETTLE_MS));
        }
      }
      console.error(`run ${run + 1}/${RUNS} done`);
    }
    const stats = await worker.evaluate(
      () =>
        new Promise<number>((resolve) => {
          const req = indexedDB.open('persona-curator');
          req.onsuccess = () => {
            const get = req.result.transaction('kv').objectStore('kv').get('corpusStats');
            get.onsuccess = () => resolve((get.result?.value?.docs as number) ?? 0);
          };
        }),
    );
    const none = median(profiles[0]!.times);
    console.log(`\n${names.length} pages × ${RUNS} runs each, one load at a time, rotating order; load event from navigation start.\n`);
    console.log('| profile | median load event | ratio to no extension | target |\n|---|---|---|---|');
    for (const p of profiles) {
      const m = median(p.times);
      const target = p.name === 'off' ? '≤ 1.02' : p.name === 'on' ? '≤ 1.05' : '';
      console.log(
        `| ${p.name === 'none' ? 'no extension' : p.name === 'off' ? 'extension, follow my browsing off' : 'extension, follow my browsing on (side panel reading every page)'} | ${m.toFixed(1)} ms | ${(m / none).toFixed(3)} | ${target} |`,
      );
    }
    console.log(`\nWith "follow" on, the side panel read and scored ${stats} distinct articles during the run.`);
  } finally {
    for (const p of profiles) {
      await p.context.close();
      rmSync(p.dir, { recursive: true, force: true });
    }
    server.server.close();
  }
}

await main();
