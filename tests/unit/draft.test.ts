import { describe, expect, it } from 'vitest';
import { buildDraft, STYLES } from '../../lib/core/draft/draft';
import { pageFacts } from '../../lib/core/draft/facts';
import { extractFromHtml } from '../../lib/core/extract/from-html';
import { pageHtml } from './pages';

const base = {
  title: 'Solar overtakes coal in Europe',
  passage: 'Solar panels produced more power than coal plants for the first time.',
  url: 'https://news.example.com/solar',
  hashtags: ['climate'],
};

describe('story styles', () => {
  it('builds each style from the page, with the link and hashtags last', () => {
    const facts = { numbers: ['Solar made 21% of the EU’s electricity in June, up from 15% a year earlier.'], question: 'Can the grid keep up?' };
    const drafts = Object.fromEntries(STYLES.map((style) => [style, buildDraft({ ...base, ...facts, style, siteName: 'Energy Daily', topic: 'energy' })]));
    expect(drafts.quote).toMatch(/^Solar overtakes coal in Europe\n\n“Solar panels produced/);
    expect(drafts.headline).toMatch(/^Solar overtakes coal in Europe — Energy Daily/);
    expect(drafts.question).toMatch(/^Can the grid keep up\?\n\nSolar overtakes coal/);
    expect(drafts.number).toMatch(/^Solar made 21% of the EU’s electricity/);
    expect(drafts.thread).toMatch(/^Solar overtakes coal in Europe\n\n“Solar panels[^”]*”\n\n1\//);
    for (const d of Object.values(drafts)) expect(d.endsWith('https://news.example.com/solar\n\n#climate')).toBe(true);
  });
  it('asks about the persona’s topic when the page asks nothing, and falls back to a quote without figures', () => {
    expect(buildDraft({ ...base, style: 'question', topic: 'energy' })).toMatch(/^What does this mean for energy\?/);
    expect(buildDraft({ ...base, style: 'number', numbers: [] })).toMatch(/^Solar overtakes coal in Europe\n\n“/);
  });
  it('adds emoji only when the persona wants them, and the call to action before the link', () => {
    expect(buildDraft({ ...base, style: 'headline' })).not.toMatch(/\p{Extended_Pictographic}/u);
    expect(buildDraft({ ...base, style: 'headline', emoji: true })).toMatch(/^📰 /);
    expect(buildDraft({ ...base, cta: 'Read more:' })).toContain('\n\nRead more: https://news.example.com/solar');
  });
});

describe('shortening inside drafts', () => {
  it('never splits an emoji or a family of them, even in one long unbroken run', () => {
    const d = buildDraft({ title: '👩‍👩‍👧‍👦'.repeat(200), passage: '😀'.repeat(400), url: null, hashtags: [] });
    const whole = new Set(['👩‍👩‍👧‍👦', '😀', '…', '“', '”', '\n']);
    for (const g of new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(d)) expect(whole.has(g.segment)).toBe(true);
  });
});

describe('page facts', () => {
  it('finds sentences with figures and the first question on a real page', () => {
    const facts = pageFacts(extractFromHtml(pageHtml('citylab-1'), 'https://a.example.com/').text);
    expect(facts.numbers.length).toBeGreaterThan(0);
    for (const n of facts.numbers) expect(n).toMatch(/\d/);
  });
  it('ignores a bare year and finds a question', () => {
    expect(pageFacts('It happened in 2019 after all that work. Will it last? Nobody knows for sure.')).toEqual({ numbers: [], question: 'Will it last?' });
  });
});
