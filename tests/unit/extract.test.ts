import { parseHTML } from 'linkedom';
import { describe, expect, it, vi } from 'vitest';
import { extractSnapshot, READ_BUDGET } from '../../lib/core/extract/extract';
import { extractFromHtml } from '../../lib/core/extract/from-html';
import { pageSettled } from '../../lib/core/extract/settle';
import { LIMITS, PageSnapshotSchema } from '../../lib/core/extract/snapshot';
import { GENERATED } from '../fixtures/hostile/generated';
import { expectedMetadata, pageHtml } from './pages';

const ARTICLES = ['aclu', 'v8-blog', 'firefox-nightly-blog', 'wikipedia', 'medium-1', 'lwn-1', 'citylab-1', 'aktualne', 'qq', 'pixnet'];

describe('extraction on real saved pages', () => {
  it.each(ARTICLES)('%s: reads title, language and body text like the reference reader', (name) => {
    const snap = extractFromHtml(pageHtml(name), `http://127.0.0.1/${name}/`);
    const expected = expectedMetadata(name);
    expect(PageSnapshotSchema.safeParse(snap).success).toBe(true);
    expect(snap.notArticle).toBeNull();
    expect(snap.truncated).toBe(false);
    expect(snap.title.replace(/\s+/g, ' ')).toBe(expected?.title?.replace(/\s+/g, ' '));
    if (expected?.lang) expect(snap.lang).toBe(expected.lang);
    expect(snap.text.length).toBeGreaterThan(500);
    expect(snap.text).not.toMatch(/<script|<\/?div/);
  });

  it('keeps paragraph breaks in the text', () => {
    const snap = extractFromHtml(pageHtml('aclu'), 'http://127.0.0.1/aclu/');
    expect(snap.text.split('\n\n').length).toBeGreaterThan(5);
    expect(snap.byline).toBeTruthy();
  });

  it.each(['005-unescape-html-entities', 'ol', 'mozilla-2', 'remove-aria-hidden'])('%s: a page that is not an article says so and carries no text', (name) => {
    const snap = extractFromHtml(pageHtml(name), `http://127.0.0.1/${name}/`);
    expect(snap.notArticle).not.toBeNull();
    expect(snap.text).toBe('');
  });

  it('never changes the page it reads', () => {
    const { document } = parseHTML(pageHtml('v8-blog'));
    const before = document.documentElement.outerHTML;
    extractSnapshot(document as unknown as Document, { url: 'http://127.0.0.1/v8-blog/' });
    expect(document.documentElement.outerHTML).toBe(before);
  });

  it('reads only the start of a DOM past the element limit, says so, and leaves the page alone', () => {
    const paragraphs = Array.from({ length: 300 }, (_, i) => `<p>Paragraph ${i} has enough words in it to look like an article body for the reader.</p>`).join('');
    const html = `<html><head><title>Big</title></head><body><article>${paragraphs}</article></body></html>`;
    const whole = extractFromHtml(html, 'http://127.0.0.1/big', null);
    expect(whole.notArticle).toBeNull();
    expect(whole.truncated).toBe(false);
    const { document } = parseHTML(html);
    const before = document.documentElement.outerHTML;
    const limited = extractSnapshot(document as unknown as Document, { url: 'http://127.0.0.1/big', maxElemsToParse: 50 });
    expect(PageSnapshotSchema.safeParse(limited).success).toBe(true);
    expect(limited.notArticle).toBeNull();
    expect(limited.truncated).toBe(true);
    expect(limited.title).toBe('Big');
    // html, head, title, body and article, then the first 45 paragraphs.
    expect(limited.text).toContain('Paragraph 44 has');
    expect(limited.text).not.toContain('Paragraph 45 has');
    expect(document.documentElement.outerHTML).toBe(before);
  });

  it('reads the start of the generated hostile pages (5 MB of text, 50,000 nodes) as articles, marked as read in part', () => {
    for (const name of ['big-5mb.html', 'nodes-50k.html']) {
      const snap = extractFromHtml(GENERATED[name]!(), `http://127.0.0.1/${name}`);
      expect(PageSnapshotSchema.safeParse(snap).success, name).toBe(true);
      expect(snap.notArticle, name).toBeNull();
      expect(snap.truncated, name).toBe(true);
      expect(snap.text, name).toMatch(/^.{0,40}Researchers published a study/s);
      expect(snap.text.length, name).toBeLessThanOrEqual(LIMITS.text);
    }
  });

  it('says a large page is too large when its start is no article, and is not fooled by names that shadow the DOM', () => {
    const nav = `<nav>${'<a href="/x">Link</a> '.repeat(READ_BUDGET.elements)}</nav>`;
    const story = '<p>Researchers published a study showing that browser security updates reach most users within a week, and more words follow here.</p>'.repeat(40);
    const big = extractFromHtml(`<html><head><title>Links</title></head><body>${nav}<article>${story}</article>${'<i>x</i>'.repeat(30_000)}</body></html>`, 'http://127.0.0.1/links');
    expect(big.notArticle).toBe('too-large');
    expect(big.truncated).toBe(true);
    expect(big.title).toBe('Links');
    // A form whose controls are named after the DOM properties the reader walks with.
    const form = '<form><input name="childNodes"><input name="nodeType"><input name="cloneNode"><input name="nodeName"><input name="appendChild"><input name="textContent"></form>';
    const clobbered = extractFromHtml(
      `<html><head><title>Clobbered</title></head><body>${form}<article>${form}${story}</article>${'<i>x</i>'.repeat(31_000)}</body></html>`,
      'http://127.0.0.1/clobbered',
    );
    expect(clobbered.notArticle).toBeNull();
    expect(clobbered.truncated).toBe(true);
    expect(clobbered.text).toContain('Researchers published a study');
  });

  it('marks text cut at the snapshot limit as read in part, cut at a space', () => {
    const snap = extractFromHtml(GENERATED['long-word.html']!(), 'http://127.0.0.1/long-word');
    expect(snap.truncated).toBe(true);
    expect(snap.text.length).toBeLessThanOrEqual(LIMITS.text);
  });

  it('drops javascript: and data: URLs from canonical and image metadata, and keeps markup as plain text', () => {
    const body = '<p>' + 'Words that make this look like a real article for the reader to keep. '.repeat(30) + '</p>';
    const html = `<html lang="en"><head><title>&lt;img src=x onerror=alert(1)&gt; Title</title>
      <link rel="canonical" href="javascript:alert(1)"><meta property="og:url" content="data:text/html,hi">
      <meta property="og:image" content="javascript:alert(2)"></head><body><article><h1>Heading</h1>${body}${body}</article></body></html>`;
    const snap = extractFromHtml(html, 'http://127.0.0.1/hostile');
    expect(snap.canonicalUrl).toBeNull();
    expect(snap.leadImage).toBeNull();
    expect(snap.title).toContain('<img src=x onerror=alert(1)>');
  });

  it('resolves a relative canonical URL and collects the selection', () => {
    const body = '<p>' + 'Words that make this look like a real article for the reader to keep. '.repeat(30) + '</p>';
    const html = `<html><head><title>T</title><link rel="canonical" href="/story?id=1"><meta property="article:published_time" content="2024-05-01T10:00:00Z"></head><body><article>${body}${body}</article></body></html>`;
    const snap = extractFromHtml(html, 'https://news.example/path/page', 'quoted words');
    expect(snap.canonicalUrl).toBe('https://news.example/story?id=1');
    expect(snap.selection).toBe('quoted words');
    expect(snap.publishedTime).toBe('2024-05-01T10:00:00Z');
  });
});

describe('reading waits for the page, within bounds', () => {
  const fakeWindow = (readyState: string, idle: 'soon' | 'never' | 'missing') => {
    const listeners = new Set<() => void>();
    const win = {
      document: { readyState },
      addEventListener: (_: string, cb: () => void) => listeners.add(cb),
      removeEventListener: (_: string, cb: () => void) => listeners.delete(cb),
      setTimeout: (cb: () => void, ms: number) => setTimeout(cb, ms),
      clearTimeout: (t: ReturnType<typeof setTimeout>) => clearTimeout(t),
      ...(idle === 'missing' ? {} : { requestIdleCallback: (cb: () => void, o?: { timeout: number }) => setTimeout(cb, idle === 'soon' ? 5 : (o?.timeout ?? 1e9)) }),
      fireLoad: () => [...listeners].forEach((cb) => cb()),
      listeners,
    };
    return win;
  };
  const settledAfter = async (win: ReturnType<typeof fakeWindow>, advance: (ms: number) => Promise<unknown>) => {
    let done = false;
    void pageSettled(win as never, { loadMs: 3_000, idleMs: 500 }).then(() => (done = true));
    return { done: () => done, advance };
  };

  it('a loaded, idle page is read at the first idle moment', async () => {
    vi.useFakeTimers();
    const s = await settledAfter(fakeWindow('complete', 'soon'), vi.advanceTimersByTimeAsync);
    await s.advance(4);
    expect(s.done()).toBe(false);
    await s.advance(2);
    expect(s.done()).toBe(true);
    vi.useRealTimers();
  });

  it('a loading page is read after its load event, and the listener is removed', async () => {
    vi.useFakeTimers();
    const win = fakeWindow('loading', 'soon');
    const s = await settledAfter(win, vi.advanceTimersByTimeAsync);
    await s.advance(1_000);
    expect(s.done()).toBe(false);
    win.fireLoad();
    await s.advance(10);
    expect(s.done()).toBe(true);
    expect(win.listeners.size).toBe(0);
    vi.useRealTimers();
  });

  it('a page that never loads nor idles is read anyway after loadMs + idleMs', async () => {
    vi.useFakeTimers();
    const s = await settledAfter(fakeWindow('interactive', 'never'), vi.advanceTimersByTimeAsync);
    await s.advance(3_499);
    expect(s.done()).toBe(false);
    await s.advance(2);
    expect(s.done()).toBe(true);
    vi.useRealTimers();
  });

  it('works where requestIdleCallback does not exist', async () => {
    vi.useFakeTimers();
    const s = await settledAfter(fakeWindow('complete', 'missing'), vi.advanceTimersByTimeAsync);
    await s.advance(1);
    expect(s.done()).toBe(true);
    vi.useRealTimers();
  });
});
