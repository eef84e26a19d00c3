import { existsSync, mkdtempSync, readFileSync, rmSync, mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GENERATED } from '../fixtures/hostile/generated';
import { AGNEWS_CSV, PAGES_DIR } from '../../scripts/shared-data';
import { readNews } from '../../scripts/agnews';
import { frontPageHtml, frontPageItems } from '../../scripts/front-pages';
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const PAGES = PAGES_DIR;
/** The test build most tests load: the tiny generated model stands in for the built-in one (fast, meaningless). */
export const EXTENSION = join(ROOT, '.output/chrome-mv3');
/** The test build with the real built-in model (Universal Sentence Encoder Lite), for tests where meaning matters. */
export const MODEL_EXTENSION = join(ROOT, '.output/model/chrome-mv3');
export const FIXTURES = join(ROOT, 'tests/fixtures');
/** Screenshots land here for a person to look at (not committed). */
export const SHOTS = join(ROOT, '.output/screenshots');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json',
  '.png': 'image/png',
  '.txt': 'text/plain; charset=utf-8',
  '.pdf': 'application/pdf',
  '.svg': 'image/svg+xml',
};

/** A news front page of 40 AG News headlines with teasers (scripts/front-pages.ts), its links relative to the page. */
export const FRONT_PAGE = frontPageHtml(frontPageItems(readNews(AGNEWS_CSV).slice(0, 400), 0)!);

/**
 * Serves ../shared/pages/<name>/source.html at /<name>/, tests/fixtures/* at /fixtures/*, and a front page at
 * /front-page/ (FRONT_PAGE), on 127.0.0.1 only.
 */
export async function startPageServer(): Promise<{ server: Server; origin: string; url: (name: string) => string }> {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
    const generated = path.startsWith('/fixtures/hostile/') ? GENERATED[path.slice('/fixtures/hostile/'.length)] : undefined;
    if (generated) {
      res.writeHead(200, { 'content-type': TYPES['.html'] }).end(generated());
      return;
    }
    if (path === '/front-page/') {
      res.writeHead(200, { 'content-type': TYPES['.html'] }).end(FRONT_PAGE);
      return;
    }
    // The one fixture that is not UTF-8 says so in its header, as a real server would.
    if (path.endsWith('/not-utf8.html')) res.setHeader('content-type', 'text/html; charset=iso-8859-1');
    let file: string | null = null;
    if (path.startsWith('/fixtures/')) file = normalize(join(FIXTURES, path.slice('/fixtures/'.length)));
    else {
      const name = path.split('/').filter(Boolean)[0];
      if (name && /^[\w.-]+$/.test(name)) file = join(PAGES, name, 'source.html');
    }
    if (!file || !(file.startsWith(FIXTURES) || file.startsWith(PAGES)) || !existsSync(file)) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    if (!res.hasHeader('content-type')) res.setHeader('content-type', TYPES[extname(file)] ?? 'application/octet-stream');
    res.writeHead(200).end(readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const origin = `http://127.0.0.1:${port}`;
  return { server, origin, url: (name) => `${origin}/${name}/` };
}

export interface Browser {
  context: BrowserContext;
  worker: Worker;
  extensionId: string;
  blocked: string[];
  pageErrors: string[];
  close: () => Promise<void>;
  extPage: (path: string) => Promise<Page>;
}

/**
 * Chromium's flags for every test and benchmark here: headless on this machine (no sandbox as root, no GPU),
 * nothing phoned home, and no host but the loopback even resolves. `extension`: the built folder to load, or
 * null for a profile without any extension.
 */
export function chromiumArgs(extension: string | null): string[] {
  return [
    ...(extension ? [`--disable-extensions-except=${extension}`, `--load-extension=${extension}`] : ['--disable-extensions']),
    '--no-sandbox',
    '--disable-gpu',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-quic',
    '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
  ];
}

/**
 * Launches Debian's Chromium with the built extension, every request off 127.0.0.1 blocked.
 * `extension` is the build to load (default EXTENSION, the tiny model's; MODEL_EXTENSION bundles the real one).
 * `args` and `env` are added to the defaults: a French UI needs `--lang=fr` and, on Linux, where Chromium takes its
 * UI language from the environment, `LANGUAGE=fr`; `locale` is Playwright's (it otherwise forces en-US).
 */
export async function launch(options: { profileParent?: string; args?: string[]; env?: Record<string, string>; locale?: string; keepWelcome?: boolean; extension?: string } = {}): Promise<Browser> {
  const extension = options.extension ?? EXTENSION;
  if (!existsSync(join(extension, 'manifest.json'))) throw new Error('Build first: npm run build:e2e');
  const profile = mkdtempSync(join(options.profileParent ?? tmpdir(), 'pc-e2e-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1200, height: 900 },
    args: [...chromiumArgs(extension), ...(options.args ?? [])],
    ...(options.locale ? { locale: options.locale } : {}),
    ...(options.env ? { env: { ...process.env, ...options.env } as Record<string, string> } : {}),
  });
  const blocked: string[] = [];
  const pageErrors: string[] = [];
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.hostname === '127.0.0.1' || url.protocol === 'chrome-extension:' || url.protocol === 'data:' || url.protocol === 'blob:') return route.continue();
    blocked.push(url.href);
    return route.abort();
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
  const extensionId = new URL(worker.url()).host;
  context.on('page', (page) => {
    page.on('pageerror', (err) => pageErrors.push(`${page.url()}: ${err.message}`));
  });
  // The install opens the welcome page in a tab of its own. Tests that pick "the newest tab" must not race it:
  // wait for it, and close it unless the test is about it.
  const isWelcome = (p: Page) => p.url().endsWith('/onboarding.html');
  let welcome = context.pages().find(isWelcome);
  for (let i = 0; i < 100 && !welcome; i++) {
    await new Promise((r) => setTimeout(r, 50));
    welcome = context.pages().find(isWelcome);
  }
  if (welcome && !options.keepWelcome) await welcome.close();
  return {
    context,
    worker,
    extensionId,
    blocked,
    pageErrors,
    extPage: async (path: string) => {
      const page = await context.newPage();
      await page.goto(`chrome-extension://${extensionId}/${path}`);
      return page;
    },
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** The id of the tab showing a URL, asked of the extension itself. */
export async function tabIdOf(worker: Worker, url: string): Promise<number> {
  for (let i = 0; i < 50; i++) {
    const id = await worker.evaluate(async (u) => {
      const tabs = await chrome.tabs.query({});
      return tabs.find((t) => t.url === u)?.id ?? null;
    }, url);
    if (id !== null) return id;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no tab shows ${url}`);
}

/** Writes `n` curated items straight into the extension's database, from one of its pages (a long-time user's queue). */
export async function seedQueue(page: Page, n: number): Promise<void> {
  await page.evaluate(
    (count) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('persona-curator');
        open.onsuccess = () => {
          const tx = open.result.transaction('queue', 'readwrite');
          const t = Date.now();
          for (let i = 0; i < count; i++) {
            tx.objectStore('queue').put({
              id: `q-${i}`,
              dedupeKey: `https://example.com/story-${i}`,
              url: `https://example.com/story-${i}`,
              title: `Story number ${i}`,
              siteName: 'Example',
              personaId: null,
              personaName: null,
              quote: i % 3 ? '' : 'A line worth quoting from the story.',
              status: i % 5 ? 'queued' : 'shared',
              createdAt: t - i * 60_000,
              updatedAt: t - i * 60_000,
              source: 'popup',
              score: null,
              simhash: null,
            });
          }
          tx.oncomplete = () => resolve();
          tx.onerror = () => reject(tx.error);
        };
        open.onerror = () => reject(open.error);
      }),
    n,
  );
}

/** Every row of one of the extension's tables, read with raw IndexedDB (no app code) from one of its pages. */
export async function readTable<T>(page: Page, name: string): Promise<T[]> {
  return page.evaluate(
    (store) =>
      new Promise<T[]>((resolve, reject) => {
        const open = indexedDB.open('persona-curator');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const req = open.result.transaction(store).objectStore(store).getAll();
          req.onsuccess = () => {
            resolve(req.result as T[]);
            open.result.close();
          };
          req.onerror = () => reject(req.error);
        };
      }),
    name,
  );
}

/** Reads a row of the extension's kv table through the service worker (raw IndexedDB, no app code). */
export async function readKv<T>(worker: Worker, key: string): Promise<T | undefined> {
  return worker.evaluate(
    (k) =>
      new Promise<T | undefined>((resolve, reject) => {
        const open = indexedDB.open('persona-curator');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const get = open.result.transaction('kv').objectStore('kv').get(k);
          get.onsuccess = () => {
            resolve((get.result as { value?: T } | undefined)?.value);
            open.result.close();
          };
          get.onerror = () => reject(get.error);
        };
      }),
    key,
  );
}

export async function writeKv(worker: Worker, key: string, value: unknown): Promise<void> {
  await worker.evaluate(
    ([k, v]) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('persona-curator');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction('kv', 'readwrite');
          tx.objectStore('kv').put({ key: k, value: v });
          tx.oncomplete = () => {
            open.result.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    [key, value] as const,
  );
}

export { checksFor, startModelServer } from '../hub-server';

export const TEST_MODEL_DIR = join(ROOT, 'node_modules/.cache/persona-curator/tiny');

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}
