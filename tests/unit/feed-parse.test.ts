import { describe, expect, it } from 'vitest';
import { MAX_ENTRIES, parseFeed, plainText } from '../../lib/core/feeds/parse';

const BASE = 'https://news.example.org/feed.xml';

const RSS = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Example &amp; Co</title><link>https://news.example.org/</link>
<atom:link href="https://news.example.org/feed.xml" rel="self" type="application/rss+xml"/>
<item><title>Rust 2.0 ships</title><link>/2026/rust</link><guid isPermaLink="false">tag:rust-2</guid>
<description>&lt;p&gt;The &lt;b&gt;compiler&lt;/b&gt; got faster&amp;nbsp;again.&lt;/p&gt;</description><pubDate>Mon, 30 Nov 2026 10:00:00 GMT</pubDate></item>
<item><title><![CDATA[Markets & more]]></title><link>https://news.example.org/markets</link><dc:date>2026-11-29T08:00:00Z</dc:date></item>
<item><title>No link at all</title></item>
</channel></rss>`;

const ATOM = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title type="text">Atom site</title>
<entry><title type="html">A &lt;em&gt;new&lt;/em&gt; kernel</title><id>urn:uuid:1</id>
<link rel="replies" href="https://a.example/comments"/><link rel="alternate" href="https://a.example/kernel"/>
<updated>2026-11-30T12:00:00Z</updated><summary>Scheduler work lands.</summary></entry>
<entry><title>XHTML body</title><id>urn:uuid:2</id><link href="https://a.example/x"/>
<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Para one</p><p>Para two</p></div></content></entry>
</feed>`;

const RDF = `<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="https://r.example/"><title>RDF site</title></channel>
<item rdf:about="https://r.example/one"><title>First</title><link>https://r.example/one</link><dc:date>2026-11-28T00:00:00Z</dc:date><description>Text one</description></item>
<item rdf:about="https://r.example/two"><title>Second</title></item>
</rdf:RDF>`;

describe('parseFeed', () => {
  it('reads RSS 2.0: titles, resolved links, guids, summaries as plain text, dates', () => {
    const feed = parseFeed(RSS, BASE);
    expect(feed.ok).toBe(true);
    if (!feed.ok) return;
    expect(feed.kind).toBe('rss');
    expect(feed.title).toBe('Example & Co');
    expect(feed.entries).toHaveLength(2);
    expect(feed.entries[0]).toEqual({
      guid: 'tag:rust-2',
      url: 'https://news.example.org/2026/rust',
      title: 'Rust 2.0 ships',
      summary: 'The compiler got faster again.',
      publishedAt: Date.parse('2026-11-30T10:00:00Z'),
    });
    expect(feed.entries[1]!.title).toBe('Markets & more');
    expect(feed.entries[1]!.guid).toBe('https://news.example.org/markets');
    expect(feed.entries[1]!.publishedAt).toBe(Date.parse('2026-11-29T08:00:00Z'));
  });

  it('reads Atom: the alternate link, HTML titles and XHTML content as text', () => {
    const feed = parseFeed(ATOM, BASE);
    expect(feed.ok && feed.kind).toBe('atom');
    if (!feed.ok) return;
    expect(feed.entries.map((e) => [e.guid, e.url, e.title])).toEqual([
      ['urn:uuid:1', 'https://a.example/kernel', 'A new kernel'],
      ['urn:uuid:2', 'https://a.example/x', 'XHTML body'],
    ]);
    expect(feed.entries[1]!.summary).toBe('Para one Para two');
  });

  it('reads RSS 1.0 (RDF): rdf:about names an item without a link', () => {
    const feed = parseFeed(RDF, BASE);
    expect(feed.ok && feed.kind).toBe('rdf');
    if (!feed.ok) return;
    expect(feed.title).toBe('RDF site');
    expect(feed.entries.map((e) => [e.url, e.title])).toEqual([
      ['https://r.example/one', 'First'],
      ['https://r.example/two', 'Second'],
    ]);
  });

  it('calls an HTML page, JSON, broken XML and other XML "not a feed"', () => {
    const html = '<!doctype html><html><head><link rel="alternate" type="application/rss+xml" href="/feed"><meta charset=utf-8></head><body><p>Hello<br>world</body></html>';
    for (const text of [html, '<html><body><p>x</p></body></html>', '{"items":[]}', '<rss><channel><item>', '<svg xmlns="http://www.w3.org/2000/svg"/>', '', '   ']) {
      expect(parseFeed(text, BASE)).toEqual({ ok: false, reason: 'not-a-feed' });
    }
  });

  it('keeps a feed with no items as an empty feed, drops links that are not http(s), and duplicate guids', () => {
    const rss = `<rss><channel><title>t</title>
      <item><title>a</title><link>javascript:alert(1)</link></item>
      <item><title>b</title><link>https://x.example/b</link></item>
      <item><title>b again</title><link>https://x.example/b</link></item></channel></rss>`;
    const feed = parseFeed(rss, BASE);
    expect(feed.ok && feed.entries.map((e) => e.title)).toEqual(['b']);
    expect(parseFeed('<rss><channel><title>empty</title></channel></rss>', BASE)).toEqual({ ok: true, kind: 'rss', title: 'empty', entries: [] });
  });

  it('bounds what it keeps: items, title and summary lengths', () => {
    const items = Array.from(
      { length: 300 },
      (_, i) => `<item><title>${'T'.repeat(1_000)}${i}</title><link>https://x.example/${i}</link><description>${'word '.repeat(2_000)}</description></item>`,
    ).join('');
    const feed = parseFeed(`<rss><channel><title>big</title>${items}</channel></rss>`, BASE);
    expect(feed.ok).toBe(true);
    if (!feed.ok) return;
    expect(feed.entries).toHaveLength(MAX_ENTRIES);
    expect([...feed.entries[0]!.title].length).toBeLessThanOrEqual(300);
    expect([...feed.entries[0]!.summary].length).toBeLessThanOrEqual(1_000);
  });

  it('refuses entity expansion bombs', () => {
    const bomb = `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"><!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">]><rss><channel><title>&f;&f;&f;&f;&f;&f;&f;&f;</title></channel></rss>`;
    const feed = parseFeed(bomb, BASE);
    expect(!feed.ok || feed.title.length <= 300).toBe(true);
  });
});

describe('plainText', () => {
  it('drops tags, reads entities, folds spaces', () => {
    expect(plainText('<p>One&nbsp;&amp; <a href="x">two</a></p>\n<p>&#233;t&#xE9;</p>')).toBe('One & two été');
  });
});
