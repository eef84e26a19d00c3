import { isProbablyReaderable, Readability } from '@mozilla/readability';
import { pieceEnd } from '../text/segment';
import { cloneStart, invoke, prop, unclobber } from './safe-dom';
import { LIMITS, type PageSnapshot } from './snapshot';
import { extractLinks, isListing, textChars } from './links';

export interface ExtractOptions {
  /** The page's address (location.href in a tab; given by the caller in Node). */
  url: string;
  /** Text the person selected, if any. */
  selection?: string | null;
  /** Readability gives up past this many elements, so a huge DOM costs a bounded time. */
  maxElemsToParse?: number;
}

/** An article needs at least this much text; below it we say "not an article" rather than show scraps. */
export const MIN_ARTICLE_CHARS = 500;
export const MIN_ARTICLE_WORDS = 80;
const DEFAULT_MAX_ELEMS = 30_000;
/**
 * A page past the element guard, or with more text than MAX_WHOLE_TEXT, is read in part: its first
 * elements and characters of text (outside scripts and styles), in document order. Readability's
 * time grows with the elements it is given: 5,000 is half the largest real page in the shared set
 * (wikipedia-2, read whole in ~170 ms), and 150,000 characters is more than the scorer reads
 * (MAX_SCORED_CHARS).
 */
export const READ_BUDGET = { elements: 5_000, chars: 150_000 } as const;
/** All of a page's text nodes, scripts included: the largest real page in the shared set has 1.05 million. */
export const MAX_WHOLE_TEXT = 2_000_000;

const BLOCK = new Set([
  'P',
  'DIV',
  'SECTION',
  'ARTICLE',
  'LI',
  'UL',
  'OL',
  'H1',
  'H2',
  'H3',
  'H4',
  'H5',
  'H6',
  'BLOCKQUOTE',
  'PRE',
  'TR',
  'TABLE',
  'FIGCAPTION',
  'FIGURE',
  'DD',
  'DT',
  'BR',
  'HR',
  'HEADER',
  'FOOTER',
  'ASIDE',
  'MAIN',
]);

function clip(value: string | null | undefined, max: number): string | null {
  if (value == null) return null;
  const clean = value.replace(/\s+/g, ' ').trim();
  if (!clean) return null;
  return clean.length > max ? clean.slice(0, max) : clean;
}

function meta(doc: Document, ...names: string[]): string | null {
  for (const name of names) {
    const el = doc.querySelector(`meta[property="${name}"], meta[name="${name}"], meta[itemprop="${name}"]`);
    const content = el?.getAttribute('content');
    if (content && content.trim()) return content.trim();
  }
  return null;
}

/** Feeds a page declares (`<link rel="alternate">` of an RSS or Atom type), at most LIMITS.feeds: the popup offers to follow them. */
function declaredFeeds(doc: Document, base: string): { feeds?: string[] } {
  const feeds: string[] = [];
  for (const link of Array.from(doc.querySelectorAll('link[rel~="alternate"][href]'))) {
    const type = (link.getAttribute('type') ?? '').trim().toLowerCase();
    if (type !== 'application/rss+xml' && type !== 'application/atom+xml') continue;
    const url = safeHttpUrl(link.getAttribute('href'), base);
    if (url && !feeds.includes(url)) feeds.push(url);
    if (feeds.length >= LIMITS.feeds) break;
  }
  return feeds.length ? { feeds } : {};
}

/** Resolves href against the page and keeps it only when it is http(s): never javascript: or data:. */
function safeHttpUrl(href: string | null | undefined, base: string): string | null {
  if (!href) return null;
  try {
    const u = new URL(href.trim(), base);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
    const s = u.toString();
    return s.length > LIMITS.url ? null : s;
  } catch {
    // Not an address at all: there is no link to keep.
    return null;
  }
}

/** Text of a node with paragraph breaks where blocks end, without layout (works in linkedom and in tabs). */
function blockText(root: Node): string {
  const parts: string[] = [];
  const walk = (node: Node): void => {
    if (node.nodeType === 3) {
      parts.push(node.nodeValue ?? '');
      return;
    }
    if (node.nodeType !== 1) return;
    const tag = (node as Element).tagName.toUpperCase();
    if (tag === 'SCRIPT' || tag === 'STYLE' || tag === 'NOSCRIPT' || tag === 'TEMPLATE') return;
    const block = BLOCK.has(tag);
    if (block) parts.push('\n\n');
    // childNodes, not nextSibling: linkedom computes siblings by walking, which is quadratic on big pages.
    const children = node.childNodes;
    for (let i = 0; i < children.length; i++) walk(children[i]!);
    if (block) parts.push('\n\n');
  };
  walk(root);
  return parts
    .join('')
    .split(/\n{2,}/)
    .map((p) => p.replace(/\s+/g, ' ').trim())
    .filter(Boolean)
    .join('\n\n');
}

/** Words in a text: runs of letters or digits, and for scripts without spaces every two characters. */
function countWords(text: string): number {
  // A regex, not Intl.Segmenter: V8's word segmenter is slow on long strings (10 s for 100 KB in Node 20).
  let n = 0;
  for (const run of text.match(/[\p{L}\p{N}]+/gu) ?? []) {
    const cjk = run.match(/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}]/gu)?.length ?? 0;
    n += cjk > 0 ? Math.ceil(cjk / 2) + (run.length - cjk > 0 ? 1 : 0) : 1;
  }
  return n;
}

/**
 * Reads a page into a PageSnapshot. Readability works on a clone, so the page's
 * own DOM is never changed. A page too large to read whole quickly is read in
 * part (its start, READ_BUDGET) and the snapshot says so (`truncated`). Never
 * throws for bad pages: a page that is not an article comes back with
 * notArticle set and no body text.
 */
export function extractSnapshot(live: Document, options: ExtractOptions): PageSnapshot {
  const maxElems = options.maxElemsToParse ?? DEFAULT_MAX_ELEMS;
  // The live page is touched only here, through the DOM's own prototypes (a page can shadow
  // document.cloneNode with <img name="cloneNode">): counting elements and text, then cloning.
  // Checked before cloning: a huge DOM is never copied whole.
  // (linkedom answers 0 for getElementsByTagName('*'), hence the fallback.)
  const elementCount = invoke<ArrayLike<Element>>(live, 'getElementsByTagName', '*').length || invoke<ArrayLike<Element>>(live, 'querySelectorAll', '*').length;
  const root = prop<Element | null>(live, 'documentElement');
  const large = elementCount > maxElems || (root ? (prop<string | null>(root, 'textContent') ?? '').length : 0) > MAX_WHOLE_TEXT;
  let doc: Document;
  let partial = false;
  if (large) {
    const start = cloneStart(live, { elements: Math.min(READ_BUDGET.elements, maxElems), chars: READ_BUDGET.chars });
    doc = start.doc;
    partial = !start.complete;
  } else {
    doc = invoke<Document>(live, 'cloneNode', true);
  }
  unclobber(doc);
  const base = doc.baseURI && doc.baseURI !== 'about:blank' ? doc.baseURI : options.url;
  // The links are read before Readability, which changes the document it parses.
  const found = doc.body ? extractLinks(doc, options.url, base) : { links: [], linkedChars: 0 };
  const html = doc.documentElement;
  const dirAttr = (html?.getAttribute('dir') ?? '').toLowerCase();
  const common = {
    url: options.url.slice(0, LIMITS.url),
    canonicalUrl: safeHttpUrl(doc.querySelector('link[rel~="canonical"]')?.getAttribute('href'), base) ?? safeHttpUrl(meta(doc, 'og:url'), base),
    lang: clip(html?.getAttribute('lang') ?? meta(doc, 'og:locale', 'language'), 35),
    dir: dirAttr === 'rtl' || dirAttr === 'ltr' ? (dirAttr as 'rtl' | 'ltr') : null,
    leadImage: safeHttpUrl(meta(doc, 'og:image', 'og:image:url', 'twitter:image', 'twitter:image:src'), base),
    publishedTime: clip(meta(doc, 'article:published_time', 'datePublished', 'date', 'pubdate'), 100),
    selection: clip(options.selection, LIMITS.selection),
    ...declaredFeeds(doc, base),
    links: found.links,
  };
  const fallbackTitle = clip(meta(doc, 'og:title', 'twitter:title') ?? doc.title, LIMITS.title) ?? '';
  const notArticle = (reason: PageSnapshot['notArticle']): PageSnapshot => ({
    ...common,
    title: fallbackTitle,
    byline: null,
    siteName: clip(meta(doc, 'og:site_name', 'application-name'), LIMITS.short),
    excerpt: clip(meta(doc, 'og:description', 'description', 'twitter:description'), LIMITS.excerpt),
    text: '',
    wordCount: 0,
    truncated: partial,
    // When only the start was read and it is no article, the honest reason is the size (a listing is still one).
    notArticle: partial && reason !== 'no-document' && reason !== 'listing' ? 'too-large' : reason,
  });

  if (!doc.body) return notArticle('no-document');
  // A page that lists articles is offered as picks, not read as one article made of teasers.
  const pageChars = textChars(doc.body);
  if (isListing(found, pageChars)) return notArticle('listing');
  // A page that is no article for another reason, yet lists some, is offered as picks too.
  const notArticleOrListing = (reason: PageSnapshot['notArticle']) => notArticle(isListing(found, pageChars, 'weak') ? 'listing' : reason);
  if (!isProbablyReaderable(doc, { minContentLength: 140, minScore: 20 })) return notArticleOrListing('not-readerable');

  let article: ReturnType<Readability<Node>['parse']>;
  try {
    article = new Readability<Node>(doc, {
      maxElemsToParse: maxElems,
      charThreshold: MIN_ARTICLE_CHARS,
      serializer: (el: Node) => el,
    }).parse();
  } catch (err) {
    // Readability throws "Aborting parsing document; N elements found" past maxElemsToParse.
    if (err instanceof Error && /elements found/.test(err.message)) return notArticleOrListing('too-large');
    throw err;
  }
  if (!article || !article.content) return notArticleOrListing('not-readerable');
  const whole = blockText(article.content);
  const text = whole.length > LIMITS.text ? whole.slice(0, pieceEnd(whole, 0, LIMITS.text)) : whole;
  const wordCount = countWords(text);
  if (text.length < MIN_ARTICLE_CHARS || wordCount < MIN_ARTICLE_WORDS) return notArticleOrListing('too-short');
  return {
    ...common,
    lang: clip(article.lang, 35) ?? common.lang,
    dir: article.dir === 'rtl' || article.dir === 'ltr' ? article.dir : common.dir,
    title: clip(article.title, LIMITS.title) ?? fallbackTitle,
    byline: clip(article.byline, LIMITS.short),
    siteName: clip(article.siteName, LIMITS.short),
    excerpt: clip(article.excerpt, LIMITS.excerpt),
    publishedTime: clip(article.publishedTime, 100) ?? common.publishedTime,
    text,
    wordCount,
    truncated: partial || text.length < whole.length,
    notArticle: null,
  };
}
