import type { NewsItem } from './agnews';

/*
 * Front pages built from AG News, in the shape of a real news front page: a site header with navigation, a sign-in
 * link and a search form, top stories, one section per topic, an ad, share links, and a footer. Used by
 * `npm run eval` (the picks setting), `npm run bench:picks`, and the tests. The items come apart from the HTML
 * (`frontPageItems`), so a feed can be built from the same items.
 */

/** One headline on a front page: its title, teaser, address and AG News topic (0–3). */
export interface FrontPageItem {
  title: string;
  snippet: string;
  url: string;
  label: number;
}

export const TOPICS = ['World', 'Sports', 'Business', 'Sci/Tech'] as const;
const SLUGS = ['world', 'sports', 'business', 'tech'];

/**
 * The items of front page `page` (0-based): the next `perTopic` items of each topic, in file order, from `items`
 * (a page takes items page × perTopic to (page + 1) × perTopic - 1 of each topic). Null when a topic runs out.
 * Addresses are on `origin`, one per item, named by its index in `items`.
 */
export function frontPageItems(items: readonly NewsItem[], page: number, options: { perTopic?: number; origin?: string } = {}): FrontPageItem[] | null {
  const perTopic = options.perTopic ?? 10;
  const origin = options.origin ?? 'https://news.example';
  const out: FrontPageItem[] = [];
  for (let label = 0; label < TOPICS.length; label++) {
    const mine = items.map((item, i) => ({ item, i })).filter(({ item }) => item.label === label);
    const slice = mine.slice(page * perTopic, (page + 1) * perTopic);
    if (slice.length < perTopic) return null;
    for (const { item, i } of slice) out.push({ title: item.title, snippet: item.text, url: `${origin}/${SLUGS[label]}/story-${i}.html`, label });
  }
  return out;
}

/** How many full front pages `items` make. */
export function frontPageCount(items: readonly NewsItem[], perTopic = 10): number {
  return Math.min(...TOPICS.map((_, label) => Math.floor(items.filter((i) => i.label === label).length / perTopic)));
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function card(item: FrontPageItem, lead: boolean): string {
  const path = new URL(item.url).pathname;
  return `<article class="story${lead ? ' story--lead' : ''}">
  <a class="story__image" href="${esc(path)}"><img src="/img/placeholder.png" alt=""></a>
  <h3 class="story__title"><a href="${esc(path)}">${esc(item.title)}</a></h3>
  <p class="story__summary">${esc(item.snippet)}</p>
  <div class="story__meta"><span class="byline">By Staff Writer</span> · <a href="${esc(path)}#comments">Comments</a></div>
</article>`;
}

/**
 * A front page's HTML: "Top stories" (the first item of each topic), then one section per topic with the rest, in
 * the items' order. Links are relative to the page, as real sites write them.
 */
export function frontPageHtml(items: readonly FrontPageItem[], title = 'The Daily Example: news, sport, business and technology'): string {
  const top = TOPICS.map((_, label) => items.find((i) => i.label === label)).filter((i): i is FrontPageItem => Boolean(i));
  const sections = TOPICS.map((name, label) => {
    const rest = items.filter((i) => i.label === label && !top.includes(i));
    return `<section class="section" id="${SLUGS[label]}"><h2><a href="/${SLUGS[label]}/">${esc(name)}</a></h2>\n${rest.map((i) => card(i, false)).join('\n')}\n</section>`;
  });
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title>
<meta property="og:site_name" content="The Daily Example"><meta name="description" content="Latest news from around the world.">
</head><body>
<header class="site-header">
  <a class="logo" href="/">The Daily Example</a>
  <nav class="main-nav"><ul>${TOPICS.map((t, i) => `<li><a href="/${SLUGS[i]}/">${esc(t)}</a></li>`).join('')}<li><a href="/opinion/">Opinion and analysis from our columnists</a></li></ul></nav>
  <a class="login" href="/login">Sign in to your account today</a>
  <form class="search" action="/search"><input name="q" aria-label="Search"><button>Search</button></form>
</header>
<a class="skip" href="#main">Skip to the main content of this page</a>
<main id="main">
<section class="top-stories"><h2>Top stories</h2>
${top.map((i, n) => card(i, n === 0)).join('\n')}
</section>
<div class="ad-slot"><a href="https://ads.example/click?id=1" rel="sponsored">Sponsored: refinance your mortgage at the lowest rate in years</a></div>
${sections.join('\n')}
<div class="share"><a href="https://www.facebook.com/sharer/sharer.php?u=https://news.example/">Share The Daily Example on Facebook</a>
<a href="https://x.com/intent/tweet?url=https://news.example/">Share The Daily Example on X now</a></div>
</main>
<aside class="sidebar"><h2>Most read</h2><ol>${items
    .slice(0, 5)
    .map((i) => `<li><a href="${esc(new URL(i.url).pathname)}">${esc(i.title)}</a></li>`)
    .join('')}</ol></aside>
<footer class="site-footer"><a href="/about">About The Daily Example newsroom</a> <a href="/privacy">Privacy policy and cookie settings</a> <a href="/contact">Contact the newsroom with a tip</a></footer>
</body></html>`;
}

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * The same items as an RSS 2.0 feed, in the order a feed lists them (newest first, topics interleaved, not in
 * sections), each with a guid, a date an hour apart and its teaser as the description.
 */
export function frontPageRss(items: readonly FrontPageItem[], title = 'The Daily Example', at = Date.UTC(2026, 11, 1, 12)): string {
  const perTopic = Math.max(...TOPICS.map((_, label) => items.filter((i) => i.label === label).length));
  const order: FrontPageItem[] = [];
  for (let k = 0; k < perTopic; k++)
    for (let label = 0; label < TOPICS.length; label++) {
      const item = items.filter((i) => i.label === label)[k];
      if (item) order.push(item);
    }
  const entries = order.map(
    (item, k) =>
      `<item><title>${xml(item.title)}</title><link>${xml(item.url)}</link><guid>${xml(item.url)}</guid><pubDate>${new Date(at - k * 3_600_000).toUTCString()}</pubDate><description>${xml(item.snippet)}</description></item>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>${xml(title)}</title><link>https://news.example/</link><description>News, sport, business and technology</description>\n${entries.join('\n')}\n</channel></rss>\n`;
}
