import { describe, expect, it } from 'vitest';
import { shareableUrl } from '../../lib/core/extract/share-url';
import { sameSite } from '../../lib/util/site';
import { withoutTracking } from '../../lib/util/url';

describe('same site (registrable domain, by the Public Suffix List)', () => {
  it('puts subdomains of one registrable domain on one site', () => {
    expect(sameSite('https://www.theguardian.com/world/1', 'https://amp.theguardian.com/world/1')).toBe(true);
    expect(sameSite('https://theguardian.com/', 'http://www.theguardian.com:8080/x')).toBe(true); // scheme and port do not count
    expect(sameSite('https://WWW.BBC.co.uk/news', 'https://bbc.co.uk/')).toBe(true);
    expect(sameSite('https://www.theguardian.com./x', 'https://www.theguardian.com/x')).toBe(true); // a trailing dot names the same host
  });

  it('keeps different registrable domains under one public suffix apart', () => {
    expect(sameSite('https://www.bbc.co.uk/news', 'https://evil.co.uk/news')).toBe(false);
    expect(sameSite('https://www.theguardian.com/x', 'https://theguardian.com.evil.example/x')).toBe(false);
    expect(sameSite('https://news.example/x', 'https://evil.example/x')).toBe(false);
  });

  it('treats private public suffixes as suffixes: two github.io or blogspot.com sites are two sites', () => {
    expect(sameSite('https://alice.github.io/post', 'https://mallory.github.io/post')).toBe(false);
    expect(sameSite('https://alice.github.io/post', 'https://alice.github.io/other')).toBe(true);
    expect(sameSite('https://alice.blogspot.com/p', 'https://bob.blogspot.com/p')).toBe(false);
    expect(sameSite('https://github.io/', 'https://alice.github.io/')).toBe(false);
  });

  it('compares IP addresses, localhost and single-label hosts as whole hosts', () => {
    expect(sameSite('http://127.0.0.1:4000/a', 'http://127.0.0.1:5000/b')).toBe(true);
    expect(sameSite('http://127.0.0.1/a', 'http://127.0.0.2/a')).toBe(false);
    expect(sameSite('http://10.0.0.1/a', 'http://10.0.0.1.evil.example/a')).toBe(false);
    expect(sameSite('http://[::1]:3000/a', 'http://[::1]/b')).toBe(true);
    expect(sameSite('http://localhost:3000/a', 'http://localhost/b')).toBe(true);
    expect(sameSite('http://localhost/a', 'http://127.0.0.1/a')).toBe(false);
    expect(sameSite('http://intranet/a', 'http://wiki/a')).toBe(false);
  });

  it('puts nothing that is not http(s) on any site', () => {
    expect(sameSite('javascript:alert(1)', 'https://a.example/')).toBe(false);
    expect(sameSite('file:///tmp/a.html', 'file:///tmp/a.html')).toBe(false);
    expect(sameSite('not a url', 'not a url')).toBe(false);
  });
});

describe('tracking parameters', () => {
  it('are removed, everything else kept as it was', () => {
    expect(withoutTracking('https://a.example/x?utm_source=t&id=7&fbclid=abc#part')).toBe('https://a.example/x?id=7#part');
    expect(withoutTracking('https://a.example/x?gclid=1')).toBe('https://a.example/x');
    // Nothing to remove: the link comes back byte for byte (no re-encoding of its query).
    expect(withoutTracking('https://a.example/x?q=a%20b&x=%7E')).toBe('https://a.example/x?q=a%20b&x=%7E');
    expect(withoutTracking('not a url')).toBe('not a url');
  });
});

describe('the link shared for a page', () => {
  it("is its canonical URL when that is on the tab's own site", () => {
    expect(shareableUrl({ url: 'https://amp.theguardian.com/world/1?utm_source=t', canonicalUrl: 'https://www.theguardian.com/world/1' })).toBe('https://www.theguardian.com/world/1');
    expect(shareableUrl({ url: 'http://127.0.0.1:4000/post', canonicalUrl: 'http://127.0.0.1:4000/post?id=1' })).toBe('http://127.0.0.1:4000/post?id=1');
  });

  it("is the tab's own address, without tracking parameters, when the canonical names another site", () => {
    expect(shareableUrl({ url: 'https://evil.example/post?utm_source=x&p=2', canonicalUrl: 'https://evil.example.phish.example/login' })).toBe('https://evil.example/post?p=2');
    expect(shareableUrl({ url: 'https://evil.example/post', canonicalUrl: 'https://www.theguardian.com/world/1' })).toBe('https://evil.example/post');
    expect(shareableUrl({ url: 'https://mallory.github.io/post', canonicalUrl: 'https://alice.github.io/post' })).toBe('https://mallory.github.io/post');
    expect(shareableUrl({ url: 'http://127.0.0.1:4000/post?fbclid=1', canonicalUrl: 'https://evil.example/phish' })).toBe('http://127.0.0.1:4000/post');
  });

  it('is nothing for a tab that is not a web page, whatever its canonical says', () => {
    expect(shareableUrl({ url: 'chrome://newtab', canonicalUrl: null })).toBeNull();
    expect(shareableUrl({ url: 'file:///home/me/saved.html', canonicalUrl: 'https://evil.example/phish' })).toBeNull();
  });
});
