import { describe, expect, it } from 'vitest';
import { emptyStats, naiveBayes, scorePage, seedKey, MIN_READING } from '../../lib/score';
import { scoreLexical } from '../../lib/score/lexical';

const sports = { id: 's', name: 'Sports Desk', description: 'Match reports about teams and players.', keywords: ['team', 'match'], avoid: [] as string[] };
const money = { id: 'm', name: 'Business Desk', description: 'Markets, companies and earnings.', keywords: ['market', 'stocks'], avoid: [] as string[] };

describe('learning without labels, and from examples', () => {
  it('scores a page containing "constructor" (an Object.prototype key) with finite numbers', () => {
    const stats = emptyStats();
    const page = { title: 'Williams constructor standings', text: 'The team finished fourth in the constructors championship after the match.', lang: 'en' };
    for (let i = 0; i < 3; i++) {
      const r = scorePage(page, [sports, money], stats);
      for (const s of r.scores) expect(Number.isFinite(s.score)).toBe(true);
    }
    expect(stats.df.constructor).toBe(3);
  });

  it('self-trains: pages that clearly match a persona teach it their other words', () => {
    const stats = emptyStats();
    const clear = (i: number) => ({ title: `Team wins the match ${i}`, text: `The team won the match. The striker scored in the stadium. Fans cheered the goalkeeper. Round ${i}.`, lang: 'en' });
    for (let i = 0; i < MIN_READING + 2; i++) scorePage(clear(i), [sports, money], stats);
    expect(stats.reading?.[seedKey(sports)]?.n).toBeGreaterThanOrEqual(MIN_READING);
    expect(stats.reading?.[seedKey(money)]).toBeUndefined();
    // A page with none of the persona's own words, only words it learned from reading.
    const learnedOnly = { title: 'Striker thrills the stadium', text: 'The goalkeeper could not stop the striker as fans in the stadium cheered.', lang: 'en' };
    const [top] = scorePage(learnedOnly, [sports, money], stats).scores;
    expect(top!.name).toBe('Sports Desk');
    expect(top!.score).toBeGreaterThan(0);
    expect(top!.reason.matchedTerms).toEqual(expect.arrayContaining(['striker']));
  });

  it('applies examples: a page like the curated ones scores higher for that persona', () => {
    const page = { title: 'Quarterly results', text: 'Revenue rose and the dividend was raised after a strong quarter for shareholders.', lang: 'en' };
    const plain = scorePage(page, [money], emptyStats()).scores[0]!;
    const taught = { ...money, examples: [{ positive: true, title: 'Dividend raised', text: 'Shareholders welcome a higher dividend as revenue rises in the quarter.' }] };
    const withExamples = scorePage(page, [taught], emptyStats()).scores[0]!;
    expect(withExamples.score).toBeGreaterThan(plain.score);
    const refused = { ...money, examples: [{ positive: false, title: 'Dividend raised', text: 'Shareholders welcome a higher dividend as revenue rises in the quarter.' }] };
    expect(scorePage(page, [refused], emptyStats()).scores[0]!.score).toBeLessThanOrEqual(plain.score);
  });

  it('explains faithfully: the contributions add up to the raw score, the score is its square root, the shown terms are the largest', () => {
    const stats = emptyStats();
    const page = { title: 'Stocks rally as markets cheer earnings', text: 'Stocks rose on Wall Street. The market welcomed strong company earnings. Investors bought shares.', lang: 'en' };
    const taught = { ...money, examples: [{ positive: true, title: 'Shares climb', text: 'Investors bought shares as earnings beat forecasts.' }] };
    const [s] = scorePage(page, [taught], stats).scores;
    const { contributions, raw, matchedTerms, passage } = s!.reason;
    expect(contributions.reduce((a, c) => a + c.value, 0)).toBeCloseTo(raw, 10);
    expect(s!.score).toBeCloseTo(Math.min(1, Math.sqrt(raw)), 3);
    const positive = contributions.filter((c) => c.value > 0);
    expect(matchedTerms).toEqual(positive.slice(0, 8).map((c) => c.term));
    for (let i = 1; i < contributions.length; i++) expect(contributions[i - 1]!.value).toBeGreaterThanOrEqual(contributions[i]!.value);
    // The passage shown holds the strongest term.
    expect(passage.toLowerCase()).toContain(matchedTerms[0]!.toLowerCase().slice(0, 5));
    // Take the shown terms out of the page and the score falls to nothing.
    const stripped = { ...page, title: 'x', text: page.text.replace(new RegExp(`\\b(${matchedTerms.map((t) => t.slice(0, 5)).join('|')})\\w*`, 'gi'), 'zzz') };
    expect(scoreLexical(stripped, [{ ...money }], emptyStats())[0]!.score).toBe(0);
  });

  it('learns a Naive Bayes term model from its reading: words that tell one persona from another count, and the explanation still adds up', () => {
    const stats = emptyStats();
    const game = (i: number) => ({ title: `Team wins the match ${i}`, text: `The team won the match. The striker scored a goal in the stadium. Round ${i}.`, lang: 'en' });
    const trade = (i: number) => ({ title: `Stocks rise in the market ${i}`, text: `Stocks rose as the market cheered earnings. The dividend was raised for shareholders. Day ${i}.`, lang: 'en' });
    for (let i = 0; i < MIN_READING + 2; i++) {
      scorePage(game(i), [sports, money], stats);
      scorePage(trade(i), [sports, money], stats);
    }
    const sportsProfile = stats.reading?.[seedKey(sports)];
    expect(sportsProfile?.counts?.striker).toBeGreaterThan(0);
    expect(sportsProfile?.mass).toBeGreaterThan(0);
    // Neither persona's own words: only what the term model learned.
    const page = { title: 'Striker thrills', text: 'The striker scored a goal in the stadium.', lang: 'en' };
    const scores = scorePage(page, [sports, money], stats).scores;
    expect(scores[0]!.name).toBe('Sports Desk');
    for (const s of scores) {
      const { contributions, raw } = s.reason;
      if (raw > 0) expect(contributions.reduce((a, c) => a + c.value, 0)).toBeCloseTo(raw, 10);
      expect(Number.isFinite(s.score)).toBe(true);
    }
    const evidence = naiveBayes([sports, money], stats);
    expect(evidence.get('s')!('striker')).toBeGreaterThan(0);
    expect(evidence.get('m')!('striker')).toBeLessThan(0);
    expect(evidence.get('s')!('dividend')).toBeLessThan(0);
    expect(evidence.get('s')!('zeppelin')).toBeNull();
  });
});
