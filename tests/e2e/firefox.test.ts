/**
 * Smoke test of the Firefox build (.output/firefox-mv2, made by `npm run
 * build:e2e`) in Debian's firefox-esr: installed as a temporary add-on over
 * WebDriver BiDi, its background page starts, scores a real page with the
 * bundled test model running in the background page's hidden frame, and the
 * popup and the sidebar (sidebar_action) show the suggestions.
 *
 * Without Firefox this test fails, saying how to install it: it is never skipped.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DEFAULT_MODEL_ID } from '../../lib/model/catalog';
import { ADDON_ID, EXT_ORIGIN, FIREFOX_EXTENSION, launchFirefox, type Firefox } from './firefox-harness';
import { startPageServer } from './harness';
import { ARTICLES, startFeedServer } from './feed-server';

let firefox: Firefox;
let pages: Awaited<ReturnType<typeof startPageServer>>;
let feeds: Awaited<ReturnType<typeof startFeedServer>>;
/** An extension page kept open to reach the add-on's APIs and its background page from. */
let ext: string;

before(async () => {
  pages = await startPageServer();
  feeds = await startFeedServer();
  firefox = await launchFirefox();
  ext = await firefox.openExtension('options.html');
});
after(async () => {
  await firefox?.close();
  pages?.server.close();
  feeds?.close();
});

/** The background page's test handle (globalThis.personaCurator), reached from an extension page. */
const BG = `const bg = await browser.runtime.getBackgroundPage();`;

async function openArticle(name: string): Promise<{ context: string; tabId: number }> {
  const url = pages.url(name);
  const context = await firefox.open(url);
  const tabId = await firefox.waitFor<number>(ext, `return (await browser.tabs.query({})).find((t) => t.url === ${JSON.stringify(url)})?.id ?? null`, `a tab showing ${url}`);
  return { context, tabId };
}

/** Reads the suggestions an extension view shows: persona names and meter values. */
const SUGGESTIONS = (doc: string) => `
  const list = ${doc}.querySelector('ul[aria-label="Suggestions"]');
  // Word matching answers first; wait for the model's answer, which replaces it in place.
  if (${doc}.querySelector('.refine.busy')) return null;
  const items = list ? [...list.querySelectorAll(':scope > li')] : [];
  if (items.length === 0) return null;
  return {
    names: items.map((li) => li.querySelector('h2, h3')?.textContent.trim()),
    values: items.map((li) => Number(li.querySelector('[role="meter"]')?.getAttribute('aria-valuenow'))),
    mode: ${doc}.querySelector('.mode')?.textContent.trim() ?? null,
    title: ${doc}.querySelector('#page-title')?.textContent.trim() ?? null,
  };`;

interface Shown {
  names: string[];
  values: number[];
  mode: string | null;
  title: string | null;
}

describe(`Persona Curator in Firefox (${process.env.FIREFOX_PATH ?? 'firefox-esr'})`, () => {
  it('is installed as a temporary add-on, with a sidebar_action and a background page (no service worker)', async () => {
    assert.equal(firefox.addonId, ADDON_ID);
    assert.ok(Number.parseInt(firefox.version, 10) >= 140, `Firefox ${firefox.version} is older than strict_min_version`);
    const manifest = JSON.parse(readFileSync(join(FIREFOX_EXTENSION, 'manifest.json'), 'utf8')) as Record<string, Record<string, unknown>>;
    assert.deepEqual(manifest.sidebar_action, { default_panel: 'sidepanel.html', default_icon: { 16: 'icon/16.png', 32: 'icon/32.png' }, default_title: 'Persona Curator' });
    assert.deepEqual(manifest.background, { scripts: ['background.js'] });
    assert.equal(manifest.side_panel, undefined);
    const info = await firefox.evaluate<{ temporary: boolean; id: string }>(
      ext,
      `const self = await browser.management.getSelf(); return { temporary: self.installType === 'development', id: self.id }`,
    );
    assert.deepEqual(info, { temporary: true, id: ADDON_ID });
  });

  it('starts its background page: the message handlers are up and the sample personas installed', async () => {
    const handlers = await firefox.waitFor<string[]>(ext, `${BG} return bg?.personaCurator ? Object.keys(bg.personaCurator.handlers) : null`, 'the background page');
    assert.ok(handlers.includes('suggest') && handlers.includes('curate'), handlers.join(', '));
    const personas = await firefox.waitFor<number>(ext, `return document.querySelectorAll('ul[aria-label="Personas"] > li').length === 3 ? 3 : null`, 'three sample personas in the options page');
    assert.equal(personas, 3);
  });

  it('scores a page: the popup ranks the personas, and the model runs in the background page', async () => {
    const { tabId } = await openArticle('v8-blog');
    const popup = await firefox.openExtension(`popup.html?tabId=${tabId}`);
    const shown = await firefox.waitFor<Shown>(popup, SUGGESTIONS('document'), 'suggestions in the popup', 60_000);
    assert.equal(shown.values.length, 3, 'one suggestion per sample persona');
    assert.deepEqual(
      shown.values,
      [...shown.values].sort((a, b) => b - a),
      'ranked best first',
    );
    assert.match(shown.title ?? '', /standalone WebAssembly binaries/);
    // (The popup may ask twice, first with no tab key then with the tab's URL: the second answer comes from the cache.)
    assert.match(shown.mode ?? '', /^hybrid( · cached)?$/, 'word matching and the bundled model together');

    // The model host is the hidden frame in the background page, and it says it is ready with the bundled model.
    const host = await firefox.evaluate<{ frames: string[]; status: { modelId: string; phase: string; source: string; inferences: number } }>(
      ext,
      `${BG}
      const frames = [...bg.document.querySelectorAll('iframe')].map((f) => f.getAttribute('src'));
      const status = await new Promise((resolve, reject) => {
        const open = indexedDB.open('persona-curator');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const get = open.result.transaction('kv').objectStore('kv').get('modelStatus');
          get.onsuccess = () => { resolve(get.result?.value); open.result.close(); };
          get.onerror = () => reject(get.error);
        };
      });
      return { frames, status };`,
    );
    assert.deepEqual(host.frames, [`${EXT_ORIGIN}/offscreen.html`]);
    assert.equal(host.status.modelId, DEFAULT_MODEL_ID);
    assert.equal(host.status.phase, 'ready');
    assert.equal(host.status.source, 'bundled');
    assert.ok(host.status.inferences > 0, 'the model embedded the page');

    // The background's own handler gives the same ranking (from its cache now).
    const direct = await firefox.evaluate<{ mode: string; cached: boolean; names: string[] }>(
      ext,
      `${BG} const r = await bg.personaCurator.handlers.suggest({ tabId: ${tabId} }); return { mode: r.mode, cached: r.cached, names: r.suggestions.map((s) => s.name) };`,
    );
    assert.deepEqual(direct, { mode: 'hybrid', cached: true, names: shown.names });
  });

  it('shows the suggestions in the sidebar (sidebar_action) for the tab being read', async () => {
    const { context } = await openArticle('aclu');
    await firefox.activate(context);
    // What a click on the sidebar's toolbar button or menu entry does; the popup's "Side panel" link calls sidebarAction.open() (needs a user gesture).
    const sidebarId = `${ADDON_ID.toLowerCase().replace(/[^a-z0-9_-]/g, '_')}-sidebar-action`;
    await firefox.evaluateChrome(`await SidebarController.show(${JSON.stringify(sidebarId)}); return true;`);
    const shown = await firefox.waitFor<Shown>(
      ext,
      `const [view] = browser.extension.getViews({ type: 'sidebar' }); if (!view) return null; ${SUGGESTIONS('view.document')}`,
      'suggestions in the sidebar',
      60_000,
    );
    assert.equal(shown.values.length, 3);
    assert.deepEqual(
      shown.values,
      [...shown.values].sort((a, b) => b - a),
    );
    assert.match(shown.title ?? '', /Facebook Is Tracking Me/);
    assert.match(shown.mode ?? '', /hybrid/);
  });

  it('follows a feed: fetched by the background page, its picks in the side panel view', async () => {
    feeds.setFeed(ARTICLES, '"ff1"');
    // Through the background's handler: permissions.request needs a real click, and the test build already holds 127.0.0.1.
    const added = await firefox.evaluate<{ state: string; itemCount: number }>(
      ext,
      `${BG} const f = await bg.personaCurator.handlers['feeds.add']({ url: ${JSON.stringify(`${feeds.origin}/feed.xml`)} }); return { state: f.state, itemCount: f.itemCount };`,
    );
    assert.deepEqual(added, { state: 'ok', itemCount: 3 });
    const panel = await firefox.openExtension('sidepanel.html');
    const picks = await firefox.waitFor<{ href: string; text: string }[]>(
      panel,
      `const items = [...(document.querySelector('ul[aria-label="From your feeds"]')?.querySelectorAll(':scope > li') ?? [])];
      return items.length === 3 ? items.map((li) => ({ href: li.querySelector('a').href, text: li.textContent })) : null;`,
      'three picks from the feed',
      30_000,
    );
    for (const p of picks) assert.match(p.href, /^http:\/\/127\.0\.0\.1:\d+\/articles\//);
    assert.ok(picks.some((p) => p.text.includes('Policy Watch')) && picks.some((p) => p.text.includes('Tech Explainer')));
  });

  it('shows "Picks on this page" for a front page: links to the articles, each with its persona', async () => {
    const url = `${pages.origin}/front-page/`;
    await firefox.open(url);
    const tabId = await firefox.waitFor<number>(ext, `return (await browser.tabs.query({})).find((t) => t.url === ${JSON.stringify(url)})?.id ?? null`, 'the front page tab');
    const popup = await firefox.openExtension(`popup.html?tabId=${tabId}`);
    const picks = await firefox.waitFor<{ href: string; text: string }[]>(
      popup,
      `const items = [...document.querySelectorAll('ul[aria-label="Picks on this page"] > li')];
      return items.length ? items.map((li) => ({ href: li.querySelector('a')?.href ?? '', text: li.textContent })) : null;`,
      'picks in the popup',
      60_000,
    );
    for (const pick of picks) {
      assert.match(pick.href, /^http:\/\/127\.0\.0\.1:\d+\/(world|sports|business|tech)\/story-\d+\.html$/);
      assert.match(pick.text, /For (Tech Explainer|Policy Watch|Health & Science Desk)/);
    }
  });

  it('reports no error from the add-on', () => {
    // Uncaught errors name their page; console.error lines (devtools.console.stdout.content) do not. Firefox's own
    // experiment loader (RSLoader) logs one when its Remote Settings sync fails offline: not the add-on's.
    const lines = firefox.output().split('\n');
    const errors = lines.filter((line) => line.startsWith(`JavaScript error: ${EXT_ORIGIN}`) || (line.startsWith('console.error:') && !line.startsWith('console.error: RSLoader')));
    assert.deepEqual(errors, []);
  });
});
