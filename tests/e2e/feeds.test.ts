import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CDPSession, Page } from 'playwright-core';
import { launch, readTable, screenshot, type Browser } from './harness';
import { ARTICLES, SLOW_ARTICLES, startFeedServer } from './feed-server';
import { assertAxeClean } from './axe';

/**
 * Feeds (issue 14): a local feed followed from the options page brings picks into the side panel without the person
 * opening any page; Dismiss; a refresh sends the validators and brings only the new items; failing feeds say so in
 * plain words; a worker stopped in the middle of a refresh loses nothing and stores nothing twice.
 */
let browser: Browser;
let feeds: Awaited<ReturnType<typeof startFeedServer>>;
let options: Page;
let panel: Page;
let cdp: CDPSession;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

before(async () => {
  feeds = await startFeedServer();
  browser = await launch();
  options = await browser.extPage('options.html');
  panel = await browser.extPage('sidepanel.html');
  cdp = await browser.context.newCDPSession(options);
  await cdp.send('ServiceWorker.enable');
});
after(async () => {
  await browser?.close();
  feeds?.close();
});

/** A whole table of the extension's database, read from the options page. */
const table = <T>(name: string) => readTable<T>(options, name);

interface Item {
  key: string;
  feedId: string;
  guid: string;
  dedupeKey: string;
  status: string;
  pick: { name: string; suggested: boolean } | null;
}
interface Feed {
  id: string;
  url: string;
  state: string;
  refreshingSince: number | null;
}

async function until(what: string, check: () => Promise<boolean>, ms = 20_000): Promise<void> {
  for (let waited = 0; waited < ms; waited += 100) {
    if (await check()) return;
    await sleep(100);
  }
  assert.fail(`timed out waiting: ${what}`);
}

async function addFeed(url: string): Promise<void> {
  await options.getByRole('textbox', { name: 'Feed address' }).fill(url);
  await options.getByRole('button', { name: 'Add feed' }).click();
  await until(`${url} added`, async () => (await table<Feed>('feeds')).some((f) => f.url === url && f.refreshingSince === null));
}

const feedCard = (url: string) => options.getByRole('list', { name: 'Your feeds' }).getByRole('listitem').filter({ hasText: url });
const picksList = () => panel.getByRole('list', { name: 'From your feeds' });

describe('feeds', () => {
  it('a local feed brings picks into the side panel; Dismiss; a refresh sends the validators and brings only the new items', { timeout: 120_000 }, async () => {
    feeds.setFeed(ARTICLES, '"v1"');
    await addFeed(`${feeds.origin}/feed.xml`);
    await until('the feed says it was fetched', async () => /Fetched .* 3 articles/.test(await feedCard(`${feeds.origin}/feed.xml`).innerText()));

    // Without opening any page: the side panel lists the picks, each a link to its article with its persona's name.
    const picks = picksList().getByRole('listitem');
    await until('picks shown', async () => (await picks.count()) === 3);
    const byTitle = new Map<string, string>();
    for (const li of await picks.all()) {
      const link = li.getByRole('link').first();
      const href = (await link.getAttribute('href'))!;
      assert.match(href, /^http:\/\/127\.0\.0\.1:\d+\/articles\//);
      byTitle.set(await link.innerText(), await li.innerText());
    }
    assert.match(byTitle.get(ARTICLES[0]!.title)!, /Tech Explainer/);
    assert.match(byTitle.get(ARTICLES[1]!.title)!, /Policy Watch/);
    assert.match(byTitle.get(ARTICLES[2]!.title)!, /Health & Science Desk/);
    const strong = (await table<Item>('feedItems')).filter((i) => i.status === 'new' && i.pick?.suggested).length;
    assert.equal(await options.evaluate(() => chrome.action.getBadgeText({})), strong ? String(strong) : '', 'the badge counts new strong picks');
    await screenshot(panel, 'feeds-side-panel');
    await assertAxeClean(panel, 'side panel with feed picks');

    // Dismiss: gone from the list, and never suggested again.
    await panel.getByRole('button', { name: `Dismiss ${ARTICLES[1]!.title}` }).click();
    await until('dismissed', async () => (await picks.count()) === 2);

    // Curate, with the keyboard: queued unread, like a context-menu link.
    await panel.getByRole('button', { name: `Curate ${ARTICLES[2]!.title}` }).focus();
    await panel.keyboard.press('Enter');
    await until('curated into the queue', async () => (await table<{ source: string; url: string }>('queue')).some((q) => q.source === 'feed' && q.url.endsWith('/articles/study-health')));
    await until('curated picks leave the list', async () => (await picks.count()) === 1);

    // Refresh unchanged: the validators go with the request and the server answers 304.
    const before = feeds.log.length;
    await feedCard(`${feeds.origin}/feed.xml`)
      .getByRole('button', { name: /^Refresh/ })
      .click();
    await until('refreshed', async () => feeds.log.length > before && (await table<Feed>('feeds'))[0]!.refreshingSince === null);
    const asked = feeds.log.at(-1)!;
    assert.equal(asked.headers['if-none-match'], '"v1"');
    assert.ok(asked.headers['if-modified-since'], 'If-Modified-Since sent');
    assert.equal(asked.status, 304);
    assert.equal((await table<Item>('feedItems')).length, 3);

    // The feed changes: only the new item arrives; the dismissed and curated ones stay where they are.
    const fresh = {
      id: 'ai-security',
      title: 'Developers patch browser security flaw in artificial intelligence software',
      text: 'A security flaw in open source software used by browser developers let attackers reach artificial intelligence tools; the startup behind it shipped a patch.',
    };
    feeds.setFeed([fresh, ...ARTICLES], '"v2"');
    await feedCard(`${feeds.origin}/feed.xml`)
      .getByRole('button', { name: /^Refresh/ })
      .click();
    await until('the new item', async () => (await table<Item>('feedItems')).length === 4);
    const items = await table<Item>('feedItems');
    assert.deepEqual(Object.fromEntries(items.map((i) => [i.guid, i.status])), { 'browser-ai': 'new', 'court-election': 'dismissed', 'study-health': 'curated', 'ai-security': 'new' });
    await until('the panel shows it', async () => (await picks.count()) === 2);
  });

  it('a feed that answers 500, one that answers HTML and one of 20 MB each say so in plain words', { timeout: 120_000 }, async () => {
    for (const path of ['/500', '/html', '/huge']) await addFeed(`${feeds.origin}${path}`);
    const states: [string, RegExp][] = [
      ['/500', /Unreachable: the site did not answer \(HTTP 500\)/],
      ['/html', /Not a feed: this address gives a page, not RSS or Atom/],
      ['/huge', /Too large: over 5 MB, so it was not read/],
    ];
    for (const [path, state] of states) await until(`${path}: ${state}`, async () => state.test(await feedCard(`${feeds.origin}${path}`).innerText()));
    // The good feed is still fine, and the side panel names the broken ones with a link to the options.
    assert.match(await feedCard(`${feeds.origin}/feed.xml`).innerText(), /Fetched/);
    await until('panel errors', async () => (await panel.getByText(/Not a feed/).count()) > 0);
    assert.ok((await panel.getByRole('link', { name: 'See the options' }).count()) >= 3);
    await screenshot(options, 'feeds-options');
    await assertAxeClean(options, 'options with failing feeds');
    await assertAxeClean(panel, 'side panel with failing feeds');
    for (const path of ['/500', '/html', '/huge'])
      await feedCard(`${feeds.origin}${path}`)
        .getByRole('button', { name: /^Remove/ })
        .click();
    await until('removed', async () => (await table<Feed>('feeds')).length === 1);
  });

  it('notifies a new strong pick only when notifications are on, outside the quiet hours', { timeout: 60_000 }, async () => {
    const ask = (type: string, payload: object) => options.evaluate(([t, p]) => chrome.runtime.sendMessage({ type: t, payload: p }), [type, payload] as const);
    const notified = () => options.evaluate(async () => Object.keys(await chrome.notifications.getAll()).filter((id) => id.startsWith('feed:')));
    const item = (id: string, title: string) => ({
      id,
      title,
      text: `${title}. The court ruled on the election law and voting rights; the government and the president disagree on the policy, and civil rights groups will appeal to the court.`,
    });
    const refresh = async (etag: string, extra: { id: string; title: string; text: string }[]) => {
      feeds.setFeed([...extra, ...ARTICLES], etag);
      const feed = (await table<Feed>('feeds')).find((f) => f.url === `${feeds.origin}/feed.xml`)!;
      await ask('feeds.refresh', { id: feed.id });
    };
    // Off by default: nothing shown.
    await refresh('"n1"', [item('law-1', 'Court strikes down election law')]);
    assert.deepEqual(await notified(), []);
    // On, in quiet hours that cover the whole day but one minute: nothing.
    const now = new Date();
    const hhmm = (d: Date) => `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
    await ask('settings.setNotify', { enabled: true, quietFrom: hhmm(new Date(now.getTime() - 3_600_000)), quietTo: hhmm(new Date(now.getTime() + 3_600_000)) });
    await refresh('"n2"', [item('law-2', 'Election law appeal reaches the court')]);
    assert.deepEqual(await notified(), []);
    // On, outside the quiet hours: the best new pick is notified.
    await ask('settings.setNotify', { enabled: true, quietFrom: '00:00', quietTo: '00:00' });
    await refresh('"n3"', [item('law-3', 'Government drafts new voting rights policy')]);
    await until('notified', async () => (await notified()).length === 1);
    assert.match((await notified())[0]!, /law-3$/);
    await ask('settings.setNotify', { enabled: false, quietFrom: '22:00', quietTo: '08:00' });
  });

  it('the popup offers to follow the feed a page declares', { timeout: 60_000 }, async () => {
    const tab = await browser.context.newPage();
    await tab.goto(`${feeds.origin}/site/`);
    const tabId = await options.evaluate(async (u) => (await chrome.tabs.query({ url: u }))[0]!.id!, `${feeds.origin}/site/`);
    const popup = await browser.extPage(`popup.html?tabId=${tabId}`);
    await popup.getByRole('button', { name: "Follow this site's feed" }).click();
    await until('followed', async () => (await table<Feed>('feeds')).some((f) => f.url === `${feeds.origin}/site-feed.xml` && f.state === 'ok'));
    await popup.getByText("You follow this site's feed").waitFor();
    await assertAxeClean(popup, 'popup with a followed feed');
    await popup.close();
    await tab.close();
  });

  it('the worker stopped in the middle of a refresh: resumed, nothing lost, nothing twice', { timeout: 120_000 }, async () => {
    const url = `${feeds.origin}/slow.xml`;
    const asked = feeds.log.length;
    void options.evaluate((u) => chrome.runtime.sendMessage({ type: 'feeds.add', payload: { url: u } }), url).catch(() => undefined);
    await until('the refresh is under way', async () => feeds.log.slice(asked).some((l) => l.path === '/slow.xml'));
    await cdp.send('ServiceWorker.stopAllWorkers');
    await sleep(500);
    feeds.release();
    // Anything that starts the worker resumes the cut refresh.
    await options.evaluate(() => chrome.runtime.sendMessage({ type: 'model.describe', payload: {} }));
    await until('resumed', async () => (await table<Feed>('feeds')).some((f) => f.url === url && f.state === 'ok' && f.refreshingSince === null));
    const mine = (await table<Feed>('feeds')).find((f) => f.url === url)!;
    const items = (await table<Item>('feedItems')).filter((i) => i.feedId === mine.id);
    assert.deepEqual(items.map((i) => i.guid).sort(), SLOW_ARTICLES.map((a) => a.id).sort(), 'every item of the cut refresh stored');
    const all = await table<Item>('feedItems');
    assert.equal(new Set(all.map((i) => i.dedupeKey)).size, all.length, 'no article twice');
    assert.ok(feeds.log.slice(asked).filter((l) => l.path === '/slow.xml').length >= 2, 'fetched again after the restart');
  });
});
