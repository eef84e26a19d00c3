import { z } from '../../util/zod';
import { SKIP_REL, SKIP_ROLES, SKIP_TAGS, SKIP_URL, SKIP_WORDS } from './link-rules';

/*
 * The article links a page lists (a front page, a section, search results, an article's "related" links): headline,
 * the teaser next to it when there is one, and the absolute http(s) address. Text only, bounded, and read from the
 * extractor's own clone of the page (lib/core/extract/extract.ts), never the live DOM.
 */

/** Caps: links kept, anchors looked at (a hostile page with 100,000 links costs a bounded time), text lengths. */
export const LINK_LIMITS = { count: 150, anchors: 3_000, headline: 300, snippet: 500, url: 2_048 } as const;
/** A headline has at least this many words and characters: "Home", "Sports" and "More" are navigation. */
const MIN_WORDS = 3;
const MIN_CHARS = 15;

export const PageLinkSchema = z.object({
  url: z
    .string()
    .max(LINK_LIMITS.url)
    .regex(/^https?:\/\//i),
  headline: z.string().min(1).max(LINK_LIMITS.headline),
  snippet: z.string().max(LINK_LIMITS.snippet).nullable(),
});
export type PageLink = z.infer<typeof PageLinkSchema>;

const clean = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();
const clip = (s: string, max: number) => (s.length > max ? s.slice(0, max).trimEnd() : s);
const words = (s: string) => s.split(' ').filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
const hasCjk = (s: string) => /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}]/u.test(s);

function skippedRegion(el: Element): boolean {
  if (SKIP_TAGS.has(el.tagName.toUpperCase())) return true;
  const role = el.getAttribute('role');
  if (role && SKIP_ROLES.has(role.toLowerCase())) return true;
  if (el.getAttribute('aria-hidden') === 'true' || el.hasAttribute('hidden')) return true;
  const tokens = `${el.getAttribute('class') ?? ''} ${el.getAttribute('id') ?? ''}`.toLowerCase().split(/[^a-z0-9]+/);
  return tokens.some((w) => SKIP_WORDS.has(w));
}

/** The page's own header (not an article card's): a <header> that no <article> holds. */
function isPageHeader(el: Element): boolean {
  return el.tagName.toUpperCase() === 'HEADER' && !el.closest('article');
}

const SILENT = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE']);

/**
 * Walks the text of `root` in document order (scripts and styles left out, elements as spaces), without layout and
 * without recursion (a hostile page can nest elements a hundred thousand deep), until `each` returns false.
 */
function eachText(root: Node, each: (text: string) => boolean): void {
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.nodeType === 3) {
      if (!each(node.nodeValue ?? '')) return;
      continue;
    }
    if (node.nodeType !== 1 || SILENT.has((node as Element).tagName.toUpperCase())) continue;
    each(' ');
    const kids = node.childNodes;
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]!);
  }
}

/** Text of an element, spaces collapsed, read up to about twice `max` characters. */
function textOf(root: Node, max: number): string {
  let out = '';
  eachText(root, (text) => {
    out += text;
    return out.length <= max * 2;
  });
  return clean(out);
}

/** The address without its fragment, for "same page" and duplicates. */
function withoutHash(u: URL): string {
  const copy = new URL(u.toString());
  copy.hash = '';
  return copy.toString();
}

/** Elements a teaser is written in, and class words that name one. */
const TEASER_TAGS = new Set(['P', 'SPAN', 'DIV', 'DD', 'SUMMARY']);
/** A card is at most this many levels above its link, and this long: past that it is a page's body, not a card. */
const CARD_DEPTH = 4;
const CARD_CHARS = 3_000;
const TEASER_WORDS = /\b(summary|teaser|dek|description|excerpt|standfirst|abstract|lede|lead|snippet|blurb|intro)\b/i;

/**
 * The teaser next to a link: within the link's card (its highest ancestor holding no other headline link, at most
 * CARD_DEPTH levels up), the first paragraph-like element that does not hold the link, preferring one named as a teaser.
 */
function snippetFor(a: Element, headline: string, headlinesIn: (el: Element) => number): string | null {
  let card: Element | null = null;
  let at: Element | null = a.parentElement;
  for (let depth = 0; at && depth < CARD_DEPTH; depth++, at = at.parentElement) {
    if (at.tagName.toUpperCase() === 'BODY' || headlinesIn(at) > 1 || skippedRegion(at)) break;
    card = at;
  }
  if (!card || (card.textContent ?? '').length > CARD_CHARS) return null;
  let best: string | null = null;
  for (const el of Array.from(card.querySelectorAll('p, span, div, dd, summary'))) {
    if (el.contains(a) || !TEASER_TAGS.has(el.tagName.toUpperCase()) || el.querySelector('p, div')) continue;
    const text = textOf(el, LINK_LIMITS.snippet);
    if (text.length < 30 || text === headline || headline.includes(text)) continue;
    if (TEASER_WORDS.test(el.getAttribute('class') ?? '')) return clip(text, LINK_LIMITS.snippet);
    best ??= clip(text, LINK_LIMITS.snippet);
  }
  return best;
}

export interface LinksResult {
  links: PageLink[];
  /** Characters of headlines and teasers found, against the page's text: a listing page is mostly these. */
  linkedChars: number;
}

/**
 * Reads the article links of a document (the extractor's clone). `pageUrl` marks same-page links; relative ones
 * resolve against `baseUrl` (the document's base, else the page). Never throws for odd markup: a page with none gives an empty list.
 */
export function extractLinks(doc: Document, pageUrl: string, baseUrl?: string): LinksResult {
  let page: URL;
  try {
    page = new URL(pageUrl);
  } catch {
    // No address to resolve against: links cannot be made absolute honestly.
    return { links: [], linkedChars: 0 };
  }
  const base = baseUrl ?? (doc.baseURI && doc.baseURI !== 'about:blank' ? doc.baseURI : pageUrl);
  const pageKey = withoutHash(page);
  const anchors = Array.from(doc.querySelectorAll('a[href]')).slice(0, LINK_LIMITS.anchors);
  // Whether each element lies in a skipped region, cached: a walk up per anchor stays cheap on big pages.
  const skipped = new Map<Element, boolean>();
  const inSkipped = (el: Element | null): boolean => {
    const path: Element[] = [];
    let verdict = false;
    for (let at = el; at; at = at.parentElement) {
      const known = skipped.get(at);
      if (known !== undefined) {
        verdict = known;
        break;
      }
      path.push(at);
      if (skippedRegion(at) || isPageHeader(at)) {
        verdict = true;
        break;
      }
    }
    for (const p of path) skipped.set(p, verdict);
    return verdict;
  };
  // A link that wraps a whole card is named by the heading inside it.
  // A link that wraps a whole card is named by the heading inside it.
  const headlineOf = (a: Element) => {
    const heading = a.querySelector('h1, h2, h3, h4, h5, h6') ?? a;
    return clip(textOf(heading, LINK_LIMITS.headline) || clean(a.getAttribute('aria-label')) || clean(a.getAttribute('title')), LINK_LIMITS.headline);
  };
  const looksLikeHeadline = (text: string) => text.length >= MIN_CHARS && (words(text) >= MIN_WORDS || hasCjk(text));
  const candidates = new Map<Element, string>();
  for (const a of anchors) {
    if (SKIP_REL.test(a.getAttribute('rel') ?? '') || inSkipped(a)) continue;
    const text = headlineOf(a);
    if (looksLikeHeadline(text)) candidates.set(a, text);
  }
  // How many articles (distinct addresses, fragments aside) each element near a headline link holds: a card holds one.
  const held = new Map<Element, Set<string>>();
  for (const a of candidates.keys()) {
    const href = (a.getAttribute('href') ?? '').split('#')[0]!;
    let at = a.parentElement;
    for (let depth = 0; at && depth < CARD_DEPTH; depth++, at = at.parentElement) {
      const set = held.get(at) ?? new Set<string>();
      set.add(href);
      held.set(at, set);
    }
  }
  const headlinesIn = (el: Element) => held.get(el)?.size ?? 0;
  const byUrl = new Map<string, PageLink>();
  for (const [a, headline] of candidates) {
    if (byUrl.size >= LINK_LIMITS.count) break;
    let url: URL;
    try {
      url = new URL((a.getAttribute('href') ?? '').trim(), base);
    } catch {
      // An address that does not parse is no link to offer.
      continue;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') continue;
    const key = withoutHash(url);
    if (key === pageKey || key.length > LINK_LIMITS.url || SKIP_URL.test(key)) continue;
    const snippet = snippetFor(a, headline, headlinesIn);
    const had = byUrl.get(key);
    // The same article linked twice (image and headline, top story and section): the longer headline, any teaser.
    if (!had || headline.length > had.headline.length) byUrl.set(key, { url: key, headline, snippet: snippet ?? had?.snippet ?? null });
    else if (!had.snippet && snippet) had.snippet = snippet;
  }
  const links = [...byUrl.values()];
  return { links, linkedChars: links.reduce((n, l) => n + l.headline.length + (l.snippet?.length ?? 0), 0) };
}

/**
 * A page lists articles (rather than being one) when it has several and they are most of what it says (`strong`,
 * decided before reading it as an article); a page that is no article anyway lists them with less (`weak`).
 */
export const LISTING = { strong: { minLinks: 8, minShare: 0.6 }, weak: { minLinks: 5, minShare: 0.25 } } as const;

/** Characters of a page's text (scripts and styles left out), spaces collapsed: what the listing share is taken of. */
export function textChars(root: Node): number {
  let n = 0;
  eachText(root, (text) => {
    n += text.replace(/\s+/g, ' ').length;
    return true;
  });
  return n;
}

export function isListing(found: LinksResult, pageChars: number, how: keyof typeof LISTING = 'strong'): boolean {
  const { minLinks, minShare } = LISTING[how];
  return found.links.length >= minLinks && found.linkedChars >= minShare * Math.max(1, pageChars);
}
