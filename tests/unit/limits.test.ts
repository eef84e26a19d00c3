import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fitDraft, measure, NETWORKS, shorten } from '../../lib/core/draft/limits';
import { slug, tagUrl } from '../../lib/core/handoff/utm';

const graphemes = (s: string) => [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(s)].map((g) => g.segment);

describe('network limits', () => {
  it('counts X the way twitter-text does: a URL is 23, CJK and emoji 2', () => {
    expect(measure('x', 'hi https://example.com/a/very/long/path/that/goes/on/and/on').length).toBe(3 + 23);
    expect(measure('x', '漢字').length).toBe(4);
    expect(measure('x', '😀').length).toBe(2);
    expect(measure('x', 'a'.repeat(281)).fits).toBe(false);
  });
  it('counts Bluesky in graphemes, Mastodon with URLs at 23 and the instance limit', () => {
    expect(measure('bluesky', '👩‍👩‍👧‍👦'.repeat(300)).fits).toBe(true);
    expect(measure('bluesky', '👩‍👩‍👧‍👦'.repeat(301)).fits).toBe(false);
    expect(measure('mastodon', `x https://example.com/${'a'.repeat(600)}`).length).toBe(2 + 23);
    expect(measure('mastodon', 'a'.repeat(600), { mastodonLimit: 1_000 }).fits).toBe(true);
    expect(measure('threads', 'a'.repeat(501)).fits).toBe(false);
    expect(measure('linkedin', 'a'.repeat(3_000)).fits).toBe(true);
  });
  it('cuts at a sentence end when that keeps most of the text, else at a word end, with an ellipsis', () => {
    expect(shorten('First sentence here. Second one is longer than that.', (t) => t.length <= 30)).toBe('First sentence here.');
    expect(shorten('One two three four five six', (t) => t.length <= 14)).toBe('One two three…');
  });
  it('keeps the link and hashtags whole and drops hashtags before the text', () => {
    // twitter-text counts a URL as 23 only with a real top-level domain.
    const url = `https://news.example.com/${'long-path/'.repeat(30)}`;
    const draft = `${'Words of the title go on. '.repeat(20)}\n\n${url}\n\n#one #two`;
    const x = fitDraft(draft, 'x');
    expect(measure('x', x).fits).toBe(true);
    expect(x).toContain(url);
    expect(x.endsWith('#one #two')).toBe(true);
  });
});

const scripts = fc.constantFrom(
  'Hello world',
  'Bonjour à tous',
  'Привет мир',
  'مرحبا بالعالم',
  'שלום עולם',
  '你好世界',
  'こんにちは世界',
  '안녕하세요',
  'नमस्ते दुनिया',
  '😀🎉👩‍👩‍👧‍👦',
  'e\u0301clair',
  'ﷺ',
  '🇫🇷🇯🇵',
);
const phrase = fc.array(scripts, { minLength: 1, maxLength: 60 }).map((parts) => parts.join(' '));
const sentence = fc.array(phrase, { minLength: 1, maxLength: 8 }).map((ps) => ps.join('. ') + '.');

describe('fitting drafts, for random titles and passages in many scripts', () => {
  it('always fits, keeps the URL and whole hashtags, and never splits a grapheme', () => {
    fc.assert(
      fc.property(sentence, sentence, fc.constantFrom(...NETWORKS), fc.array(fc.constantFrom('#climate', '#énergie', '#科技', '#a_b'), { maxLength: 4 }), (title, passage, network, tags) => {
        const url = 'https://news.example.com/story?id=1&utm_source=x';
        const draft = [title, `“${passage}”`, url, tags.join(' ')].filter(Boolean).join('\n\n');
        const fitted = fitDraft(draft, network);
        expect(measure(network, fitted).fits).toBe(true);
        expect(fitted).toContain(url);
        for (const tag of fitted.match(/#[\p{L}\p{N}_]+/gu) ?? []) expect(tags).toContain(tag);
        // Every grapheme of the result (but the ellipsis) is a whole grapheme of the draft: none was split.
        const whole = new Set(graphemes(draft));
        for (const g of graphemes(fitted)) if (g !== '…') expect(whole.has(g)).toBe(true);
        // The text kept is the draft's beginning (cut at a boundary), then its link and hashtags.
        const head = fitted.split('…')[0]!.split('\n\n' + url)[0]!;
        expect(draft.startsWith(head)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('UTM tags', () => {
  it('adds source, medium and campaign, keeping other parameters and the fragment', () => {
    const tagged = new URL(tagUrl('https://news.example/a?id=7#top', { source: 'x', campaign: slug('Climate Désk!') }));
    expect(tagged.searchParams.get('id')).toBe('7');
    expect(tagged.searchParams.get('utm_source')).toBe('x');
    expect(tagged.searchParams.get('utm_medium')).toBe('social');
    expect(tagged.searchParams.get('utm_campaign')).toBe('climate-desk');
    expect(tagged.hash).toBe('#top');
  });
  it('never tags twice, and leaves non-web links alone', () => {
    const once = tagUrl('https://news.example/a', { source: 'x', campaign: 'c' });
    expect(tagUrl(once, { source: 'bluesky', campaign: 'd' })).toBe(once);
    expect(tagUrl('https://n.example/?utm_source=newsletter', { source: 'x', campaign: 'c' })).toBe('https://n.example/?utm_source=newsletter');
    expect(tagUrl('javascript:alert(1)', { source: 'x', campaign: 'c' })).toBe('javascript:alert(1)');
  });
});
