import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CDPSession, Page } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readdirSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch, readTable, screenshot, startPageServer, type Browser } from './harness';

/**
 * Faults a person never sees coming: the service worker stopped in the middle
 * of a curate or of scoring (Chrome stops idle workers at will), the offscreen
 * model host closed mid-inference, a full storage quota, and pages or content
 * scripts asking for privileges they do not have.
 *
 * The service worker restarts during these tests, so everything is asked of an
 * extension page (the options page, "control") rather than of a worker handle.
 */
let browser: Browser;
let pages: Awaited<ReturnType<typeof startPageServer>>;
let control: Page;
let cdp: CDPSession;

before(async () => {
  pages = await startPageServer();
  browser = await launch();
  control = await browser.extPage('options.html');
  cdp = await browser.context.newCDPSession(control);
  await cdp.send('ServiceWorker.enable');
});
after(async () => {
  await browser?.close();
  pages?.server.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The newest tab's id, asked from an extension page (a worker handle goes stale when the worker stops). */
async function newestTabId(): Promise<number> {
  return control.evaluate(async () => Math.max(...(await chrome.tabs.query({})).map((t) => t.id ?? -1)));
}

async function openArticle(name: string) {
  const tab = await browser.context.newPage();
  await tab.goto(pages.url(name));
  return { tab, tabId: await newestTabId(), url: pages.url(name) };
}

/** Reads a whole table of the extension's database, from the control page. */
const table = <T>(name: string) => readTable<T>(control, name);

/** A handle on the running service worker (the handles of stopped ones hang), woken by a message if need be. */
async function liveWorker() {
  await control.evaluate(() => chrome.runtime.sendMessage({ type: 'model.describe', payload: {} }));
  for (let i = 0; i < 50; i++) {
    for (const w of [...browser.context.serviceWorkers()].reverse()) {
      const alive = await Promise.race([
        w.evaluate('1').then(
          () => true,
          () => false,
        ),
        sleep(500).then(() => false),
      ]);
      if (alive) return w;
    }
    await sleep(100);
  }
  throw new Error('no live service worker');
}

async function stopWorker(): Promise<void> {
  await cdp.send('ServiceWorker.stopAllWorkers');
}

describe('faults: nothing lost', () => {
  it('the service worker stopped in the middle of a curate: the item is stored exactly once and the view recovers', { timeout: 180_000 }, async () => {
    const articles = ['aclu', 'v8-blog', 'lwn-1', 'medium-1', 'citylab-1', 'wikipedia-3'];
    const delays = [0, 2, 10, 30, 80, 200];
    for (const [i, name] of articles.entries()) {
      const { tab, tabId } = await openArticle(name);
      const queued = (await table('queue')).length;
      const popup = await browser.extPage(`popup.html?tabId=${tabId}`);
      await popup.getByRole('list', { name: 'Suggestions' }).waitFor({ timeout: 30_000 });
      const click = popup.getByRole('button', { name: 'Curate', exact: true }).click();
      await sleep(delays[i]!);
      await stopWorker();
      await click;
      const saved = popup.getByText(/Saved to the queue/);
      const failed = popup.locator('.flash.error');
      await saved.or(failed).first().waitFor({ timeout: 60_000 });
      if (await failed.count()) {
        // The view says what happened and the button works again.
        await popup.getByRole('button', { name: 'Curate', exact: true }).click();
        await saved.waitFor({ timeout: 30_000 });
      }
      // (Counted, not looked up by address: whichever address the item keeps, it is one more row.)
      const added = (await table('queue')).length - queued;
      assert.equal(added, 1, `${name} (worker stopped ${delays[i]} ms after the click): ${added} items`);
      await popup.close();
      await tab.close();
    }
  });

  it('the service worker stopped in the middle of scoring: the view still shows suggestions, and the page is counted once', { timeout: 180_000 }, async () => {
    for (const [name, delay] of [
      ['wikipedia', 0],
      ['mozilla-1', 20],
      ['gitlab-blog', 60],
      ['dropbox-blog', 150],
    ] as const) {
      const before = ((await table<{ key: string; value: { docs: number } }>('kv')).find((r) => r.key === 'corpusStats')?.value.docs ?? 0) as number;
      const { tab, tabId } = await openArticle(name);
      const popup = await browser.extPage(`popup.html?tabId=${tabId}`);
      await sleep(delay);
      await stopWorker();
      const list = popup.getByRole('list', { name: 'Suggestions' });
      const error = popup.locator('.state.error');
      // (A request the stopped worker never answered is asked again after 25 s.)
      await list.or(error).first().waitFor({ timeout: 60_000 });
      if (await error.count()) {
        await popup.getByRole('button', { name: 'Try again' }).click();
        await list.waitFor({ timeout: 30_000 });
      }
      const afterDocs = (await table<{ key: string; value: { docs: number } }>('kv')).find((r) => r.key === 'corpusStats')?.value.docs;
      assert.equal(afterDocs, before + 1, `${name} (worker stopped ${delay} ms in): counted ${Number(afterDocs) - before} times`);
      await popup.close();
      await tab.close();
    }
  });

  it('the offscreen model host closed in the middle of an inference: the answer is still hybrid, from a new host', { timeout: 120_000 }, async () => {
    const { tab, tabId } = await openArticle('citylab-1');
    const worker = await liveWorker();
    for (const delay of [0, 50, 150]) {
      const result = (await worker.evaluate(
        `(async () => {
          const pending = globalThis.personaCurator.handlers.suggest({ tabId: ${tabId}, refresh: true }, {});
          await new Promise((r) => setTimeout(r, ${delay}));
          const open = await chrome.runtime.getContexts({ contextTypes: ['OFFSCREEN_DOCUMENT'] });
          if (open.length) await chrome.offscreen.closeDocument().catch(() => undefined);
          const r = await pending;
          return { mode: r.mode, n: r.suggestions.length, closed: open.length > 0 };
        })()`,
      )) as { mode: string; n: number; closed: boolean };
      assert.ok(result.n > 0, `suggestions after closing the host at ${delay} ms`);
      assert.equal(result.mode, 'hybrid', `closed at ${delay} ms (host was open: ${result.closed})`);
    }
    await tab.close();
  });

  it('privileges by sender: a content script cannot edit or delete, and web pages cannot message the extension', async () => {
    const personas = await table<{ id: string }>('personas');
    assert.ok(personas.length > 0);
    const { tab, tabId } = await openArticle('aclu');
    // A string, not a function: tsx would wrap the nested function in a helper the page lacks.
    const replies = (await control.evaluate(`chrome.scripting.executeScript({
      target: { tabId: ${tabId} },
      args: [${JSON.stringify(personas[0]!.id)}],
      func: function (personaId) {
        return Promise.all([
          chrome.runtime.sendMessage({ type: 'personas.delete', payload: { id: personaId } }),
          chrome.runtime.sendMessage({ type: 'queue.remove', payload: { id: personaId } }),
          chrome.runtime.sendMessage({ type: 'personas.save', payload: { persona: { name: 'Injected', description: 'From a page.' } } }),
          chrome.runtime.sendMessage({ type: 'suggest', payload: { tabId: 1 } }),
        ]);
      },
    }).then((r) => r[0].result)`)) as { ok: boolean; error?: { code: string } }[];
    assert.deepEqual(
      replies.map((r) => r.error?.code),
      ['forbidden', 'forbidden', 'forbidden', 'forbidden'],
    );
    assert.equal((await table('personas')).length, personas.length, 'no persona deleted or added');
    // No externally_connectable: the page's own world has no way to reach the extension.
    const pageWorld = await tab.evaluate('typeof (globalThis.chrome && chrome.runtime && chrome.runtime.sendMessage)');
    assert.equal(pageWorld, 'undefined');
    await tab.close();
  });
});

/**
 * A real full disk: the browser profile lives on a small tmpfs, which the test
 * fills. (Chrome gives extensions a quota of at least 1 GiB, and DevTools'
 * quota override does not apply to extension origins, so the disk is what fills.)
 */
describe('faults: a full disk', () => {
  const mountPoint = join(tmpdir(), `pc-full-disk-${process.pid}`);
  let mounted = false;
  let disk: Browser | undefined;
  let diskPages: Awaited<ReturnType<typeof startPageServer>> | undefined;

  before(() => {
    mkdirSync(mountPoint, { recursive: true });
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=256m', 'tmpfs', mountPoint], { stdio: 'pipe' });
      mounted = true;
    } catch (err) {
      console.log(`# cannot mount a tmpfs here (${String((err as { stderr?: Buffer }).stderr ?? err).trim()}): the full-disk test needs root`);
    }
  });
  after(async () => {
    await disk?.close().catch(() => undefined);
    diskPages?.server.close();
    if (mounted) execFileSync('umount', ['-l', mountPoint]);
    rmSync(mountPoint, { recursive: true, force: true });
  });

  it('curating on a full disk says so plainly; what was stored is intact; freeing space makes it work again', { timeout: 420_000 }, async (t) => {
    if (!mounted) return t.skip('tmpfs mount not permitted (needs root)');
    // Each step is bounded and named, and its time printed: a browser stuck on the full disk fails as that step.
    const t0 = Date.now();
    const step = async <T>(label: string, work: Promise<T>, ms = 45_000): Promise<T> => {
      const began = Date.now();
      let timer: ReturnType<typeof setTimeout> | undefined;
      const stuck = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`full disk: "${label}" did not finish in ${ms} ms`)), ms);
      });
      try {
        return await Promise.race([work, stuck]);
      } finally {
        clearTimeout(timer);
        console.log(`# full disk: ${label}: ${Date.now() - began} ms (at ${Date.now() - t0} ms)`);
      }
    };
    diskPages = await startPageServer();
    /**
     * One run of the story in a new profile. 'kept' when what was stored survived; otherwise Chrome's account of the
     * database it reset (after that, curating must still work).
     */
    const attempt = async (): Promise<'kept' | string> => {
      disk = await step('launch', launch({ profileParent: mountPoint }));
      const ctl = await step('options page', disk.extPage('options.html'));
      type Read = { rows: { id: string; title: string }[] } | { gone: string } | { stuck: string };
      /**
       * The queue, read with IndexedDB itself from an extension page. If the database is not there any more, the open
       * is taken back (no empty database is created) and Chrome's own account of it (`dataLoss`) is returned.
       */
      const readQueue = (page: Page) =>
        page.evaluate(
          () =>
            new Promise<Read>((resolve) => {
              const seen: string[] = [];
              const timer = setTimeout(() => resolve({ stuck: seen.join(', ') || 'no event' }), 10_000);
              const open = indexedDB.open('persona-curator');
              open.onblocked = () => seen.push('blocked');
              open.onupgradeneeded = (e) => {
                const loss = e as IDBVersionChangeEvent & { dataLoss?: string; dataLossMessage?: string };
                clearTimeout(timer);
                resolve({ gone: `dataLoss ${loss.dataLoss ?? 'not reported'}${loss.dataLossMessage ? `: ${loss.dataLossMessage}` : ''}` });
                open.transaction?.abort();
              };
              open.onerror = () => {
                clearTimeout(timer);
                if (open.error?.name !== 'AbortError') resolve({ stuck: `error: ${String(open.error)}` });
              };
              open.onsuccess = () => {
                seen.push(`opened (version ${open.result.version})`);
                const req = open.result.transaction('queue').objectStore('queue').getAll();
                req.onerror = () => seen.push(`read failed: ${String(req.error)}`);
                req.onsuccess = () => {
                  clearTimeout(timer);
                  resolve({ rows: (req.result as { id: string; title: string }[]).map((q) => ({ id: q.id, title: q.title })) });
                  open.result.close();
                };
              };
            }),
        );
      /** The queue, from the options page, else from a new one (a page that lived through the full disk may not answer). */
      const rows = async (label: string) => {
        const first = await step(label, readQueue(ctl));
        if (!('stuck' in first)) return first;
        console.log(`# full disk: ${label}: the options page's read did not answer (${first.stuck}); from a new page`);
        const page = await step(`${label}: a new page`, disk!.extPage('options.html'));
        const again = await step(`${label}: from the new page`, readQueue(page));
        await page.close();
        if ('stuck' in again) throw new Error(`full disk: ${label}: the queue cannot be read (${first.stuck}; then ${again.stuck})`);
        return again;
      };
      const rowsOf = (read: Read, label: string) => {
        if ('rows' in read) return read.rows;
        throw new Error(`full disk: ${label}: the database is gone (${'gone' in read ? read.gone : read.stuck})`);
      };
      const curate = async (name: string) => {
        const tab = await step(`${name}: new tab`, disk!.context.newPage());
        await step(`${name}: load`, tab.goto(diskPages!.url(name)));
        const tabId = await step(
          `${name}: tab id`,
          ctl.evaluate(async () => Math.max(...(await chrome.tabs.query({})).map((x) => x.id ?? -1))),
        );
        const popup = await step(`${name}: popup`, disk!.extPage(`popup.html?tabId=${tabId}`));
        const shown = popup.getByRole('list', { name: 'Suggestions' }).or(popup.locator('.state:not(.loading)'));
        await step(
          `${name}: suggestions or a state`,
          shown
            .first()
            .waitFor({ timeout: 30_000 })
            .catch(async (err: unknown) => {
              await screenshot(popup, 'disk-full-stuck').catch(() => undefined);
              throw err;
            }),
        );
        const state = popup.locator('.state.error');
        if (await state.count()) return { text: (await state.first().textContent()) ?? '', popup, tab };
        await step(`${name}: Curate`, popup.getByRole('button', { name: 'Curate', exact: true }).click());
        const flash = popup.locator('.flash');
        await step(`${name}: its answer`, flash.first().waitFor({ timeout: 30_000 }));
        const text = (await flash.first().textContent()) ?? '';
        return { text, popup, tab };
      };
      const done = async (r: { popup: Page; tab: Page }) => {
        await step('close the popup', r.popup.close());
        await step('close the tab', r.tab.close());
      };
      for (const name of ['aclu', 'v8-blog']) {
        const r = await curate(name);
        assert.match(r.text, /Saved to the queue/);
        await done(r);
      }
      const stored = rowsOf(await rows('read the queue'), 'before the disk filled');
      assert.equal(stored.length, 2);
      // The extension's IndexedDB is a LevelDB folder in the profile: if Chrome deletes the database, the folder is
      // made anew (another inode). That is how a reset by the browser is told from anything the extension did.
      const leveldb = () => {
        const profiles = readdirSync(mountPoint).filter((n) => n.startsWith('pc-e2e-'));
        const dir = join(mountPoint, profiles[0] ?? '-', 'Default', 'IndexedDB', `chrome-extension_${disk!.extensionId}_0.indexeddb.leveldb`);
        try {
          return `inode ${statSync(dir).ino}`;
        } catch {
          return 'no folder';
        }
      };
      const folder = leveldb();
      assert.match(folder, /^inode/, 'the extension database is in the profile on the small disk');

      const filler = join(mountPoint, 'filler');
      // Fill the disk to the last block: big chunks, then small ones, until it refuses.
      const fd = openSync(filler, 'w');
      for (const size of [1 << 20, 1 << 14, 1 << 10]) {
        const chunk = Buffer.alloc(size);
        try {
          for (;;) writeSync(fd, chunk);
        } catch {
          // ENOSPC: on to smaller chunks
        }
      }
      closeSync(fd);
      try {
        // Scoring and curating fill what little is left; sooner or later a write fails, and says why.
        let full = '';
        for (const name of ['lwn-1', 'medium-1', 'citylab-1', 'wikipedia', 'mozilla-1', 'gitlab-blog']) {
          const r = await curate(name);
          await step('screenshot', screenshot(r.popup, 'disk-full'));
          await done(r);
          if (!/Saved to the queue/.test(r.text)) {
            full = r.text;
            break;
          }
        }
        assert.match(full, /storage is full/, `the message says what is wrong (${full})`);
      } finally {
        rmSync(filler, { force: true });
      }
      // (While the disk is full, the browser cannot even open the database to read it.)
      const read = await rows('read the queue with space again');
      const now = leveldb();
      if ('gone' in read || now !== folder) {
        // Chromium's LevelDB can corrupt itself when a write meets a full disk, and Chrome then deletes the database
        // (electron/electron#41877, google/leveldb#1180): seen here when the disk was filled again before each page
        // (4 runs of 25), once in 31 runs of this test as it is, and, by the look of it, once in CI (this read,
        // unbounded then, waited until the test timed out). The extension must at least carry on.
        const r = await curate('dropbox-blog');
        assert.match(r.text, /Saved to the queue/, 'after Chrome reset the database, curating works again');
        await disk.close();
        disk = undefined;
        return `${'gone' in read ? read.gone : 'the database was made anew'}; LevelDB folder ${folder} then ${now}`;
      }
      const after = rowsOf(read, 'with space again');
      for (const row of stored)
        assert.ok(
          after.some((a) => a.id === row.id && a.title === row.title),
          `kept ${row.title}`,
        );
      const r = await curate('dropbox-blog');
      assert.match(r.text, /Saved to the queue/, 'with space again, curating works without restarting the browser');
      const final = rowsOf(await rows('read the queue at the end'), 'at the end');
      for (const row of stored)
        assert.ok(
          final.some((a) => a.id === row.id),
          `still kept ${row.title}`,
        );
      return 'kept';
    };
    // Chrome's reset is the browser's defect, not the extension's: a run it hit is told and run again in a new
    // profile, up to three in all (in a full `npm test` it hit 1 attempt of 2 in a fresh clone, and the one CI run
    // that failed). Three resets in a row mean something systematic, and fail.
    for (let n = 1; n <= 3; n++) {
      const outcome = await attempt();
      if (outcome === 'kept') return;
      t.diagnostic(`attempt ${n}: Chrome reset the extension's database after the disk filled (${outcome})`);
      console.log(`# full disk: attempt ${n}: Chrome reset the extension's database after the disk filled (${outcome})`);
    }
    assert.fail('Chrome reset the database after the disk filled, three times in a row: what was stored was lost');
  });
});
