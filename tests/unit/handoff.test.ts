import { describe, expect, it } from 'vitest';
import { buildDraft } from '../../lib/core/draft/draft';
import { arrangeTargets, handoffTargets } from '../../lib/core/handoff/handoff';
import { shareableUrl } from '../../lib/core/extract/share-url';
import { dedupeKey } from '../../lib/util/url';
import { measure } from '../../lib/core/draft/limits';

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
    expect(targets.slice(0, 4).map((t) => t.id)).toEqual(['buffer', 'x', 'linkedin', 'bluesky']);
    expect(targets.map((t) => t.id).sort()).toEqual(['bluesky', 'buffer', 'email', 'facebook', 'hootsuite', 'linkedin', 'mastodon', 'reddit', 'telegram', 'threads', 'whatsapp', 'x']);
    // Every link is https but email's, which opens the person's mail program.
    for (const t of targets) expect(new URL(t.href).protocol).toBe(t.id === 'email' ? 'mailto:' : 'https:');
    const buffer = new URL(targets[0]!.href);
    expect(buffer.origin + buffer.pathname).toBe('https://buffer.com/add');
    const shared = new URL(buffer.searchParams.get('url')!);
    expect(shared.searchParams.get('utm_source')).toBe('buffer');
    expect(shared.searchParams.get('utm_medium')).toBe('social');
    expect(shared.searchParams.get('id')).toBe('7');
    expect(buffer.searchParams.get('text')).not.toContain('news.example');
    const x = new URL(targets[1]!.href);
    expect(new URL(x.searchParams.get('url')!).searchParams.get('utm_source')).toBe('x');
    const bluesky = new URL(targets[3]!.href).searchParams.get('text')!;
    expect(bluesky).toContain('utm_source=bluesky');
  });
  it('reach every other place with the tagged link, and only https', () => {
    const text = buildDraft({ title: 'Solar is cheap', passage: 'P', url, hashtags: [] });
    const byId = Object.fromEntries(handoffTargets(text, url, { persona: 'P', mastodonInstance: 'fosstodon.org' }).map((t) => [t.id, new URL(t.href)]));
    expect(byId.mastodon!.host).toBe('fosstodon.org');
    expect(byId.mastodon!.searchParams.get('text')).toContain('utm_source=mastodon');
    expect(byId.facebook!.searchParams.get('u')).toContain('utm_source=facebook');
    expect(byId.reddit!.searchParams.get('title')).toBe('Solar is cheap');
    expect(byId.telegram!.searchParams.get('url')).toContain('utm_source=telegram');
    expect(byId.whatsapp!.searchParams.get('text')).toContain('utm_source=whatsapp');
    expect(byId.hootsuite!.searchParams.get('address')).toContain('utm_source=hootsuite');
    expect(byId.threads!.origin).toBe('https://www.threads.net');
    expect(byId.email!.href).toMatch(/^mailto:\?subject=Solar%20is%20cheap&body=.*utm_source%3Demail/);
    for (const [id, u] of Object.entries(byId)) expect(u!.protocol).toBe(id === 'email' ? 'mailto:' : 'https:');
  });
  it('never build a Mastodon link to something that is not a host name', () => {
    for (const bad of ['javascript:alert(1)', 'evil.com/path?x=1#', '', 'localhost']) {
      const mastodon = handoffTargets('hi', null, { mastodonInstance: bad }).find((t) => t.id === 'mastodon')!;
      expect(['mastodon.social', 'evil.com']).toContain(new URL(mastodon.href).host);
      expect(new URL(mastodon.href).pathname).toBe('/share');
    }
  });
  it('tag links with the persona as campaign, unless tagging is off', () => {
    const text = buildDraft({ title: 'T', passage: 'P', url, hashtags: [] });
    const [buffer] = handoffTargets(text, url, { persona: 'Climate Desk' });
    expect(new URL(new URL(buffer!.href).searchParams.get('url')!).searchParams.get('utm_campaign')).toBe('climate-desk');
    const [plain] = handoffTargets(text, url, { tag: false });
    expect(new URL(plain!.href).searchParams.get('url')).toBe(url);
  });
  it('fit X and Bluesky drafts to their limits, keeping the link', () => {
    const long = buildDraft({ title: 'A headline '.repeat(30), passage: 'A passage that goes on. '.repeat(30), url: 'https://news.example.com/a', hashtags: ['news'] });
    const [, x, , bluesky] = handoffTargets(long, 'https://news.example.com/a', { persona: 'P' });
    const xText = new URL(x!.href).searchParams.get('text')!;
    expect(measure('x', `${xText} https://news.example.com/a?utm_source=x`).fits).toBe(true);
    const bsky = new URL(bluesky!.href).searchParams.get('text')!;
    expect(measure('bluesky', bsky).fits).toBe(true);
    expect(bsky).toContain('https://news.example.com/a?utm_source=bluesky');
  });
  it('never pass on a javascript: or data: page URL', () => {
    for (const bad of ['javascript:alert(1)', 'data:text/html,x', 'file:///etc/passwd']) {
      const targets = handoffTargets(`hello ${bad}`, bad);
      for (const t of targets) {
        expect(new URL(t.href).protocol).toBe(t.id === 'email' ? 'mailto:' : 'https:');
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

describe('choosing targets', () => {
  it('shows the chosen targets, the last used first, and keeps the rest for "More places"', () => {
    const targets = handoffTargets('hi https://news.example.com/a', 'https://news.example.com/a');
    const { main, more } = arrangeTargets(targets, ['buffer', 'x', 'mastodon'], 'mastodon');
    expect(main.map((t) => t.id)).toEqual(['mastodon', 'buffer', 'x']);
    expect(more.map((t) => t.id)).not.toContain('x');
    expect(main.length + more.length).toBe(targets.length);
  });
});
