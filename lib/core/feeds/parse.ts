import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { PageLink } from '../extract/links';

/**
 * RSS 2.0, RSS 1.0 (RDF) and Atom read by fast-xml-parser, a maintained XML parser that needs no DOM (the service
 * worker has no DOMParser). Untrusted input: the parser's own entity limits stand, and what is kept is bounded
 * (items, title and summary lengths). Anything that is not one of the three (an HTML page, JSON, broken XML) is
 * "not a feed".
 */

/** One article a feed lists. `guid` is what the feed calls it, or its link: the item's identity within its feed. */
export interface FeedEntry {
  guid: string;
  url: string;
  title: string;
  summary: string;
  /** Milliseconds since 1970, or null when the feed gives no date it can be read by. */
  publishedAt: number | null;
}

/** A feed item read as a page's link is (lib/core/score/picks): its headline, and the feed's summary as the teaser. */
export function feedLink(entry: Pick<FeedEntry, 'url' | 'title' | 'summary'>): PageLink {
  return { url: entry.url, headline: entry.title, snippet: entry.summary || null };
}

export type ParsedFeed = { ok: true; kind: 'rss' | 'rdf' | 'atom'; title: string; entries: FeedEntry[] } | { ok: false; reason: 'not-a-feed' };

/** Items read from one document at most (the newest first, as feeds list them). */
export const MAX_ENTRIES = 200;
export const MAX_TITLE = 300;
export const MAX_SUMMARY = 1_000;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  htmlEntities: true,
  isArray: (name) => name === 'item' || name === 'entry' || name === 'link',
});

type Node = Record<string, unknown>;
const isNode = (v: unknown): v is Node => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The text of an element, whatever shape the parser gave it (a string, `#text` beside attributes, nested XHTML). */
function textOf(v: unknown, depth = 0): string {
  if (v === undefined || v === null || depth > 20) return '';
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return v.map((x) => textOf(x, depth + 1)).join(' ');
  if (isNode(v)) {
    return Object.entries(v)
      .filter(([k]) => !k.startsWith('@_'))
      .map(([, x]) => textOf(x, depth + 1))
      .join(' ');
  }
  return '';
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', '#39': "'" };

/** Summaries often carry escaped HTML: its tags go, its entities are read, and spaces are folded. A character scan, no pattern matching. */
export function plainText(html: string): string {
  let out = '';
  let inTag = false;
  for (let i = 0; i < html.length; i++) {
    const c = html[i]!;
    if (inTag) {
      if (c === '>') {
        inTag = false;
        out += ' ';
      }
      continue;
    }
    if (c === '<') {
      inTag = true;
      continue;
    }
    if (c === '&') {
      const end = html.indexOf(';', i);
      if (end > i && end - i <= 10) {
        const name = html.slice(i + 1, end);
        const code = name.startsWith('#x') ? parseInt(name.slice(2), 16) : name.startsWith('#') ? parseInt(name.slice(1), 10) : NaN;
        const decoded = NAMED[name] ?? (Number.isInteger(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : null);
        if (decoded !== null) {
          out += decoded;
          i = end;
          continue;
        }
      }
    }
    out += c;
  }
  return out.split(/\s+/).filter(Boolean).join(' ');
}

const cut = (s: string, max: number) => ([...s].length > max ? `${[...s].slice(0, max - 1).join('')}…` : s);

function absoluteHttp(href: string, base: string): string | null {
  try {
    const u = new URL(href.trim(), base);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    // Not an address the feed could link to: the item has no link.
    return null;
  }
}

function dateOf(...values: unknown[]): number | null {
  for (const v of values) {
    const s = textOf(v).trim();
    if (!s) continue;
    const at = Date.parse(s);
    if (Number.isFinite(at)) return at;
  }
  return null;
}

/** An Atom entry's article link: rel="alternate" (or no rel) first. RSS links are text. */
function linkOf(links: unknown, base: string): string | null {
  const list = Array.isArray(links) ? links : links === undefined ? [] : [links];
  const ranked = [...list].sort((a, b) => rank(a) - rank(b));
  for (const l of ranked) {
    const href = isNode(l) && typeof l['@_href'] === 'string' ? l['@_href'] : textOf(l);
    const url = href ? absoluteHttp(href, base) : null;
    if (url) return url;
  }
  return null;
}
const rank = (l: unknown) => {
  if (!isNode(l)) return 0;
  const rel = l['@_rel'];
  return rel === undefined || rel === 'alternate' ? 0 : 1;
};

function entryOf(item: Node, base: string, kind: 'rss' | 'rdf' | 'atom'): FeedEntry | null {
  const url =
    linkOf(item.link, base) ??
    (kind === 'rdf' && typeof item['@_about'] === 'string' ? absoluteHttp(item['@_about'], base) : null) ??
    (kind === 'rss' && isPermalink(item.guid) ? absoluteHttp(textOf(item.guid), base) : null);
  if (!url) return null;
  const title = cut(plainText(textOf(item.title)), MAX_TITLE);
  const summary = cut(plainText(textOf(item.description ?? item.summary ?? item.content ?? item.encoded)), MAX_SUMMARY);
  if (!title && !summary) return null;
  const guid = (kind === 'atom' ? textOf(item.id) : kind === 'rss' ? textOf(item.guid) : textOf(item['@_about'])).trim().slice(0, 500) || url;
  const publishedAt = kind === 'atom' ? dateOf(item.published, item.updated) : dateOf(item.pubDate, item.date, item.published, item.updated);
  return { guid, url, title: title || cut(summary, 120), summary, publishedAt };
}

const isPermalink = (guid: unknown) => guid !== undefined && !(isNode(guid) && guid['@_isPermaLink'] === 'false');

/** Reads a feed document fetched from `base` (links are resolved against it). Never throws. */
export function parseFeed(text: string, base: string): ParsedFeed {
  const notFeed = { ok: false, reason: 'not-a-feed' } as const;
  // A well-formed document only: an HTML page (void elements, unquoted attributes) fails here before any reading.
  if (!text.trim() || XMLValidator.validate(text) !== true) return notFeed;
  let doc: unknown;
  try {
    doc = parser.parse(text);
  } catch {
    // Past the parser's entity or nesting limits: not something to read.
    return notFeed;
  }
  if (!isNode(doc)) return notFeed;
  let kind: 'rss' | 'rdf' | 'atom';
  let title: unknown;
  let items: unknown;
  if (isNode(doc.rss) && isNode(doc.rss.channel)) {
    kind = 'rss';
    title = doc.rss.channel.title;
    items = doc.rss.channel.item;
  } else if (isNode(doc.RDF)) {
    kind = 'rdf';
    title = isNode(doc.RDF.channel) ? doc.RDF.channel.title : undefined;
    items = doc.RDF.item;
  } else if (isNode(doc.feed)) {
    kind = 'atom';
    title = doc.feed.title;
    items = doc.feed.entry;
  } else return notFeed;
  const list = Array.isArray(items) ? items.filter(isNode).slice(0, MAX_ENTRIES) : [];
  const seen = new Set<string>();
  const entries: FeedEntry[] = [];
  for (const item of list) {
    const entry = entryOf(item, base, kind);
    if (!entry || seen.has(entry.guid)) continue;
    seen.add(entry.guid);
    entries.push(entry);
  }
  return { ok: true, kind, title: cut(plainText(textOf(title)), MAX_TITLE), entries };
}
