import { describe, expect, it } from 'vitest';
import { buildDraft } from '../../lib/draft/draft';
import { handoffTargets } from '../../lib/handoff/handoff';
import { shareableUrl } from '../../lib/extract/snapshot';
import { dedupeKey } from '../../lib/util/url';

const url = 'https://news.example/story?id=7&x=a b';

describe('drafts', () => {
  it('holds the title, the quoted passage, the link and the hashtags', () => {
    const d = buildDraft({ title: 'Solar is cheap', passage: 'Panels cost less than ever.', url, hashtags: ['climate', '#energy'] });
    expect(d).toBe(`Solar is cheap\n\n“Panels cost less than ever.”\n\n${url}\n\n#climate #energy`);
  });
  it('shortens a long passage at a word boundary with an ellipsis', () => {
    const d = buildDraft({ title: 'T', passage: 'word '.repeat(100), url: null, hashtags: [] });
    expect(d).toMatch(/word…”$/);
    expect(d.length).toBeLessThan(200);
  });
});

describe('handoff links', () => {
  it('are https and carry the page URL for Buffer and X as a separate parameter', () => {
    const text = buildDraft({ title: 'T', passage: 'P', url, hashtags: [] });
    const targets = handoffTargets(text, url);
    expect(targets.map((t) => t.label)).toEqual(['Send to Buffer', 'Post on X', 'Share on LinkedIn', 'Post on Bluesky']);
    for (const t of targets) expect(new URL(t.href).protocol).toBe('https:');
    const buffer = new URL(targets[0]!.href);
    expect(buffer.origin + buffer.pathname).toBe('https://buffer.com/add');
    expect(buffer.searchParams.get('url')).toBe(url);
    expect(buffer.searchParams.get('text')).not.toContain(url);
    const x = new URL(targets[1]!.href);
    expect(x.searchParams.get('url')).toBe(url);
    expect(new URL(targets[3]!.href).searchParams.get('text')).toContain(url);
  });
  it('never pass on a javascript: or data: page URL', () => {
    for (const bad of ['javascript:alert(1)', 'data:text/html,x', 'file:///etc/passwd']) {
      const targets = handoffTargets(`hello ${bad}`, bad);
      for (const t of targets) {
        expect(new URL(t.href).protocol).toBe('https:');
        expect(new URL(t.href).searchParams.get('url')).toBeNull();
      }
    }
  });
  it('leave the link out when the person deleted it from the draft', () => {
    const [buffer] = handoffTargets('Just text', url);
    expect(new URL(buffer!.href).searchParams.get('url')).toBeNull();
  });
  it('share the canonical URL when it is safe, else the address, else nothing', () => {
    expect(shareableUrl({ url: 'https://a.example/x?utm_source=t', canonicalUrl: 'https://a.example/x' })).toBe('https://a.example/x');
    expect(shareableUrl({ url: 'https://a.example/x', canonicalUrl: null })).toBe('https://a.example/x');
    expect(shareableUrl({ url: 'chrome://newtab', canonicalUrl: null })).toBeNull();
  });
  it('make the same article one item whatever its tracking parameters', () => {
    expect(dedupeKey('http://News.Example/a/?utm_source=x&b=2&a=1#top')).toBe(dedupeKey('https://news.example/a?a=1&b=2'));
    expect(dedupeKey('https://news.example/a')).not.toBe(dedupeKey('https://news.example/b'));
  });
});
