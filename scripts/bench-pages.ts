/**
 * npm run bench:pages — what the extension costs a page load. Every page in
 * ../shared/pages (or an evenly spread subset) is loaded in three Chromium
 * profiles, one page at a time, in rotating order, once per run:
 *  - "none": no extension;
 *  - "off": the store build, "follow my browsing" off (nothing is injected
 *    unless asked, and no navigation wakes the service worker);
 *  - "on": the extension with host access to the pages, "follow my browsing"
 *    on and its side panel open beside them, reading each page after it loads
 *    (extraction waits for the load event and an idle moment).
 * Reports the median load-event time of each, the ratio to "none" over all
 * runs, and the spread of the per-run ratios (min / median / max).
 *
 *   npm run bench:pages                           every page, 3 runs (~15 min)
 *   npm run bench:pages -- --pages 20 --runs 3    20 pages, evenly spread: a few minutes
 * BENCH_RUNS still sets the runs when --runs is not given.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type CDPSession, type Page } from 'playwright-core';
import { chromiumArgs, PAGES, ROOT, startPageServer } from '../tests/e2e/harness';

/** `--name value` from the command line, as a positive integer, or the fallback. */
function intArg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} takes a whole number ≥ 1 (got ${process.argv[i + 1]})`);
  return value;
}
const RUNS = intArg('runs', Number(process.env.BENCH_RUNS ?? 3));
const PAGE_LIMIT = intArg('pages', Number.MAX_SAFE_INTEGER);
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
  /** Load times per run, in the order of the pages. */
  times: number[][];
  /** The extension's service worker: how often it went from stopped to running (counted from `counting`). */
  workerStarts: number;
  counting: boolean;
  cdp: CDPSession | null;
}

async function open(name: Profile['name'], extension: string | null): Promise<Profile> {
  const dir = mkdtempSync(join(tmpdir(), `pc-bench-pages-${name}-`));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: chromiumArgs(extension),
  });
  if (extension) {
    // The install opens the welcome page: close it, so it neither competes with the loads nor keeps the worker busy.
    for (let i = 0; i < 100; i++) {
      const welcome = context.pages().find((p) => p.url().endsWith('/onboarding.html'));
      if (welcome) {
        await welcome.close();
        break;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  const tab = context.pages()[0] ?? (await context.newPage());
  const profile: Profile = { name, context, tab, dir, times: [], workerStarts: 0, counting: false, cdp: null };
  if (extension) {
    // Chrome's DevTools protocol reports every start and stop of the extension's service worker.
    const cdp = await context.newCDPSession(tab);
    const running = new Map<string, boolean>();
    cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
      for (const v of versions) {
        if (!v.scriptURL.startsWith('chrome-extension://')) continue;
        const now = v.runningStatus === 'running';
        if (now && !running.get(v.versionId) && profile.counting) profile.workerStarts++;
        running.set(v.versionId, now);
      }
    });
    await cdp.send('ServiceWorker.enable');
    profile.cdp = cdp;
  }
  return profile;
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
  const all = readdirSync(PAGES)
    .filter((n) => existsSync(join(PAGES, n, 'source.html')))
    .sort();
  // A subset is spread evenly over the (alphabetical) list, so it is not all one site.
  const count = Math.min(PAGE_LIMIT, all.length);
  const names = Array.from({ length: count }, (_, i) => all[Math.floor((i * all.length) / count)]!);
  const server = await startPageServer();
  const profiles = [await open('none', null), await open('off', join(OUT, 'off/chrome-mv3')), await open('on', join(OUT, 'on/chrome-mv3'))];
  try {
    // "Follow my browsing": the side panel, in a window of its own, follows the page tab and reads each page.
    const on = profiles[2]!;
    const worker = on.context.serviceWorkers()[0] ?? (await on.context.waitForEvent('serviceworker'));
    await worker.evaluate(async () => {
      // The test build already holds host access to 127.0.0.1: the switch's permission prompt is not needed.
      const handlers = (globalThis as unknown as { personaCurator: { handlers: Record<string, (p: unknown, s: unknown) => Promise<unknown>> } }).personaCurator.handlers;
      await handlers['settings.setFollow']!({ enabled: true }, {});
      await chrome.windows.create({ url: chrome.runtime.getURL('/sidepanel.html'), type: 'popup', focused: false });
    });
    await on.tab.bringToFront();
    // Both workers stopped, as Chrome stops idle ones: from here on, every start is counted.
    await new Promise((r) => setTimeout(r, 2_000));
    for (const p of profiles) {
      await p.cdp?.send('ServiceWorker.stopAllWorkers');
      p.counting = true;
    }
    for (let run = 0; run < RUNS; run++) {
      for (const p of profiles) p.times.push([]);
      for (const [i, name] of names.entries()) {
        // Rotating order, so no profile always goes first (or last) on a page.
        const order = [0, 1, 2].map((k) => profiles[(k + i + run) % 3]!);
        for (const p of order) {
          p.times[run]!.push(await loadTime(p.tab, server.url(name)));
          await new Promise((r) => setTimeout(r, SETTLE_MS));
        }
      }
      console.error(`run ${run + 1}/${RUNS} done`);
    }
    // Asked of the side panel page: the worker handle went stale when the worker was stopped.
    const panel = on.context.pages().find((p) => p.url().endsWith('/sidepanel.html'));
    if (!panel) throw new Error('the side panel window closed');
    const stats = await panel.evaluate(
      () =>
        new Promise<number>((resolve) => {
          const req = indexedDB.open('persona-curator');
          req.onsuccess = () => {
            const get = req.result.transaction('kv').objectStore('kv').get('corpusStats');
            get.onsuccess = () => resolve((get.result?.value?.docs as number) ?? 0);
          };
        }),
    );
    const none = profiles[0]!;
    // Paired: each load against the load of the same page without the extension in the same run (a second apart).
    const paired = (p: Profile, run: number) => p.times[run]!.map((t, i) => t / none.times[run]![i]!);
    const perRun = (p: Profile) => p.times.map((_, run) => median(paired(p, run)));
    const fmt = (r: number) => r.toFixed(3);
    const label = { none: 'no extension', off: 'extension, follow my browsing off', on: 'extension, follow my browsing on (side panel reading every page)' };
    const target = { none: '', off: '≤ 1.01', on: '≤ 1.03' };
    console.log(`\n${names.length} of ${all.length} pages × ${RUNS} runs, one load at a time, rotating order; load event from navigation start.`);
    console.log('Ratio of medians: median load of the profile ÷ median load without the extension, all runs.');
    console.log('Paired ratio: each load ÷ the same page’s load without the extension in the same run; per run, the median of those.');
    console.log('Worker starts: the service worker stopped (as when idle) before the first load, then counted.\n');
    console.log('| profile | median load event | ratio of medians | paired ratio, per run: min / median / max | worker starts during the loads | target |\n|---|---|---|---|---|---|');
    for (const p of profiles) {
      const m = median(p.times.flat());
      const runs = perRun(p);
      const spread = p === none ? '' : `${fmt(Math.min(...runs))} / ${fmt(median(runs))} / ${fmt(Math.max(...runs))}`;
      console.log(`| ${label[p.name]} | ${m.toFixed(1)} ms | ${fmt(m / median(none.times.flat()))} | ${spread} | ${p === none ? '' : p.workerStarts} | ${target[p.name]} |`);
    }
    console.log(
      `\nPer-run paired ratios: ${profiles
        .slice(1)
        .map((p) => `${p.name} ${perRun(p).map(fmt).join(', ')}`)
        .join('; ')}`,
    );
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
