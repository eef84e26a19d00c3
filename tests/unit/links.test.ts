import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { extractFromHtml } from '../../lib/core/extract/from-html';
import { extractLinks, LINK_LIMITS, PageLinkSchema } from '../../lib/core/extract/links';
import { PageSnapshotSchema } from '../../lib/core/extract/snapshot';
import { AGNEWS_CSV } from '../../scripts/shared-data';
import { readNews } from '../../scripts/agnews';
import { frontPageHtml, frontPageItems } from '../../scripts/front-pages';
import { PAGES_DIR, pageHtml } from './pages';

const news = readNews(AGNEWS_CSV).slice(0, 800);
const ORIGIN = 'https://news.example';
const shown = frontPageItems(news, 1, { origin: ORIGIN })!;
const FRONT = frontPageHtml(shown);

const linksOf = (html: string, url = 'https://site.example/page/') => {
  const { document } = parseHTML(html);
  return extractLinks(document as unknown as Document, url).links;
};

describe('article links on a front page', () => {
  const snap = extractFromHtml(FRONT, `${ORIGIN}/`);

  it('is a listing page, not an article, and reads its 40 stories with their teasers', () => {
    expect(PageSnapshotSchema.safeParse(snap).success).toBe(true);
    expect(snap.notArticle).toBe('listing');
    const byUrl = new Map(snap.links!.map((l) => [l.url, l]));
    const found = shown.filter((i) => byUrl.has(i.url));
    // A headline shorter than three words or 15 characters reads as navigation: at most a few are lost.
    expect(found.length).toBeGreaterThanOrEqual(36);
    for (const item of found) {
      expect(byUrl.get(item.url)!.headline).toBe(item.title.slice(0, LINK_LIMITS.headline));
      expect(byUrl.get(item.url)!.snippet).toBe(item.snippet.slice(0, LINK_LIMITS.snippet).trimEnd());
    }
  });

  it('leaves out navigation, sign-in, ads, sharing, the sidebar, the footer, comments and same-page links', () => {
    const urls = snap.links!.map((l) => l.url);
    expect(urls.every((u) => shown.some((i) => i.url === u))).toBe(true);
    expect(urls.some((u) => /login|ads\.example|facebook|x\.com|about|privacy|contact|opinion|#/.test(u))).toBe(false);
    expect(new Set(urls).size).toBe(urls.length);
  });
});

describe('article links on the real shared pages', () => {
  const names = readdirSync(PAGES_DIR).filter((n) => existsSync(join(PAGES_DIR, n, 'source.html')));

  it.each(names)('%s: every link is an absolute http(s) address, once, within the caps', (name) => {
    const url = `http://127.0.0.1/${name}/`;
    const snap = extractFromHtml(pageHtml(name), url);
    const links = snap.links ?? [];
    expect(links.length).toBeLessThanOrEqual(LINK_LIMITS.count);
    for (const l of links) {
      expect(PageLinkSchema.safeParse(l).success).toBe(true);
      expect(l.url).toMatch(/^https?:\/\//);
      expect(l.url.split('#')[0]).not.toBe(url);
    }
    expect(new Set(links.map((l) => l.url)).size).toBe(links.length);
  });

  it('an article keeps being an article, and offers the headlines it links to (tmz-1)', () => {
    const snap = extractFromHtml(pageHtml('tmz-1'), 'http://127.0.0.1/tmz-1/');
    expect(snap.notArticle).toBeNull();
    expect(snap.links!.map((l) => l.headline)).toContain('Drake Assaulted in Dubai Nightclub');
  });
});

describe('article links on hostile pages', () => {
  it('keeps only http(s) links: javascript:, data:, mailto: and unparsable addresses are dropped', () => {
    const html = `<main>${['javascript:alert(1)', 'data:text/html,hi', 'mailto:a@b.example', 'http://[bad', 'https://ok.example/story']
      .map((h) => `<article><h2><a href="${h}">A headline long enough to count here</a></h2></article>`)
      .join('')}</main>`;
    expect(linksOf(html).map((l) => l.url)).toEqual(['https://ok.example/story']);
  });

  it('reads text only: markup and scripts in a headline never come through, and long text is cut', () => {
    const long = 'word '.repeat(150);
    const html = `<article><h2><a href="/a">Breaking <b>news</b> today<script>steal()</script><style>a{}</style></a></h2></article>
      <article><h2><a href="/b">${long}</a></h2><p>${long}</p></article>`;
    const links = linksOf(html);
    expect(links[0]!.headline).toBe('Breaking news today');
    expect(links[1]!.headline.length).toBeLessThanOrEqual(LINK_LIMITS.headline);
    expect(links[1]!.snippet!.length).toBeLessThanOrEqual(LINK_LIMITS.snippet);
  });

  it('a page of 100,000 links costs a bounded time and gives at most the cap', () => {
    const html = `<main>${Array.from({ length: 100_000 }, (_, i) => `<p><a href="/s/${i}">Story number ${i} of the day</a></p>`).join('')}</main>`;
    const { document } = parseHTML(html);
    const t0 = performance.now();
    const links = extractLinks(document as unknown as Document, 'https://site.example/').links;
    expect(links.length).toBe(LINK_LIMITS.count);
    expect(performance.now() - t0).toBeLessThan(10_000);
  });

  it('a headline nested 3,000 elements deep is read (no recursion: a hostile page can nest far deeper)', () => {
    const depth = 3_000;
    const html = `<main><article><h2><a href="/deep">${'<span>'.repeat(depth)}A headline buried very deep down${'</span>'.repeat(depth)}</a></h2></article></main>`;
    expect(linksOf(html).map((l) => l.headline)).toEqual(['A headline buried very deep down']);
  });

  it('keeps the longest headline of an article linked twice, and the teaser of either', () => {
    const html = `<main><article><a href="/s"><img alt=""> Read the story now</a><h2><a href="/s#top">The longer and better headline of the story</a></h2><p>A teaser that is long enough to be a teaser.</p></article></main>`;
    expect(linksOf(html)).toEqual([{ url: 'https://site.example/s', headline: 'The longer and better headline of the story', snippet: 'A teaser that is long enough to be a teaser.' }]);
  });

  it('a page with names that shadow the DOM still reads its links, and the live page is not changed', () => {
    const html = `<html><body><img name="querySelectorAll"><form><input name="getAttribute"></form><main><article><h2><a href="/s">A headline long enough to count here</a></h2></article></main></body></html>`;
    const { document } = parseHTML(html);
    const before = document.documentElement.outerHTML;
    const snap = extractFromHtml(html, 'https://site.example/');
    expect(snap.links!.map((l) => l.url)).toEqual(['https://site.example/s']);
    expect(document.documentElement.outerHTML).toBe(before);
  });
});
