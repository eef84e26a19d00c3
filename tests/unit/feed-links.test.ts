import { describe, expect, it } from 'vitest';
import { extractFromHtml } from '../../lib/core/extract/from-html';
import { PageSnapshotSchema } from '../../lib/core/extract/snapshot';

const page = (head: string) => `<!doctype html><html><head><title>Blog</title>${head}</head><body><p>Hello.</p></body></html>`;

describe('feeds a page declares', () => {
  it('reads RSS and Atom alternate links, absolute, http(s) only, at most three', () => {
    const html = page(`
      <link rel="alternate" type="application/rss+xml" href="/feed.xml">
      <link rel="alternate" type="application/atom+xml" href="https://blog.example/atom.xml">
      <link rel="alternate" type="application/rss+xml" href="/feed.xml#again">
      <link rel="alternate" type="application/rss+xml" href="javascript:alert(1)">
      <link rel="alternate" type="text/html" hreflang="fr" href="/fr/">
      <link rel="alternate stylesheet" type="application/rss+xml" href="/two.xml">
      <link rel="alternate" type="application/rss+xml" href="/three.xml">
      <link rel="alternate" type="application/rss+xml" href="/four.xml">`);
    const snap = extractFromHtml(html, 'https://blog.example/post/1');
    expect(snap.feeds).toEqual(['https://blog.example/feed.xml', 'https://blog.example/atom.xml', 'https://blog.example/feed.xml#again']);
    expect(PageSnapshotSchema.safeParse(snap).success).toBe(true);
  });

  it('leaves the field out when the page declares none', () => {
    expect(extractFromHtml(page('<link rel="canonical" href="/x">'), 'https://blog.example/').feeds).toBeUndefined();
  });

  it('refuses a snapshot claiming more feeds than the extractor reads', () => {
    const snap = extractFromHtml(page(''), 'https://blog.example/');
    const forged = { ...snap, feeds: ['https://a.example/1', 'https://a.example/2', 'https://a.example/3', 'https://a.example/4'] };
    expect(PageSnapshotSchema.safeParse(forged).success).toBe(false);
  });
});
