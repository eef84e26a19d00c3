import { describe, expect, it } from 'vitest';
import { applyDelta, emptyStats, fromStored, naiveBayes, parseDelta, pruneLearned, scorePage, seedKey, toStored, MIN_READING, type PageDelta } from '../../lib/core/score';
import { MAX_READING_TERMS, termCounts } from '../../lib/core/score/learn';
import { MAX_DF_TERMS } from '../../lib/core/score/stats';
import { scoreLexical } from '../../lib/core/score/lexical';

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
    expect(stats.df.get('constructor')).toBe(3);
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
    expect(sportsProfile?.counts?.get('striker')).toBeGreaterThan(0);
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

describe('what the scorer learns stays bounded', () => {
  /** Distinct made-up words, so every page brings new terms. */
  const word = (n: number) => `zq${n.toString(26).replace(/\d/g, (d) => 'abcdefghij'[Number(d)]!)}x`;

  it('holds at most a fixed number of terms in the corpus statistics and in each reading profile, however many pages it reads', () => {
    const stats = emptyStats();
    let n = 0;
    for (let i = 0; i < 400; i++) {
      const fresh = Array.from({ length: 60 }, () => word(n++)).join(' ');
      scorePage({ title: `Team wins the match ${i}`, text: `The team won the match. The striker scored. ${fresh}.`, lang: 'en' }, [sports, money], stats);
      expect(stats.df.size).toBeLessThanOrEqual(MAX_DF_TERMS);
      for (const p of Object.values(stats.reading ?? {})) {
        expect(p.terms.size).toBeLessThanOrEqual(MAX_READING_TERMS);
        expect(p.counts?.size ?? 0).toBeLessThanOrEqual(MAX_READING_TERMS);
      }
    }
    expect(n).toBeGreaterThan(MAX_DF_TERMS);
    // The rarest went, not the common words: "team" is in every page.
    expect(stats.df.get('team')).toBe(400);
    expect(stats.reading?.[seedKey(sports)]?.terms.get('striker')).toBeGreaterThan(0);
    // Stored as two buffers a table, and read back the same.
    const stored = toStored(stats, 'r1');
    expect(stored.df.values.length).toBe(stats.df.size);
    const back = fromStored(structuredClone(stored));
    expect(back.df.toRecord()).toEqual(stats.df.toRecord());
    expect(back.reading?.[seedKey(sports)]?.terms.toRecord()).toEqual(stats.reading?.[seedKey(sports)]?.terms.toRecord());
  });

  it("learns the same from the pages' deltas replayed as from the pages, caps included, and a delta holds only its page's terms", () => {
    const live = emptyStats();
    const deltas: PageDelta[] = [];
    let n = 0;
    for (let i = 0; i < 400; i++) {
      const fresh = Array.from({ length: 60 }, () => word(n++)).join(' ');
      const page = { title: `Team wins the match ${i}`, text: `The team won the match. The striker scored. ${fresh}.`, lang: 'en' };
      const { learned } = scorePage(page, [sports, money], live);
      expect(learned).toBeDefined();
      // As big as the page, whatever was learned before: its own distinct terms and nothing else.
      expect(new Set(learned!.terms).size).toBe(learned!.terms.length);
      const own = termCounts(`${page.title}\n${page.text}`, 'en');
      expect(learned!.terms.filter((t) => !own.has(t))).toEqual([]);
      deltas.push(structuredClone(learned!));
    }
    expect(deltas.filter((d) => d.read).length).toBeGreaterThan(MIN_READING);
    expect(scorePage({ title: 'Team', text: 'The team.', lang: 'en' }, [sports], live, undefined, { learn: false }).learned).toBeUndefined();
    const replayed = emptyStats();
    for (const d of deltas) applyDelta(replayed, parseDelta(d)!);
    // Exactly the same numbers, in the same order (the caps' ties go to the first seen).
    expect(toStored(replayed, 'r')).toEqual(toStored(live, 'r'));
    expect(live.df.size).toBeLessThanOrEqual(MAX_DF_TERMS);
    expect(parseDelta({ ...deltas[0], tf: [1] })).toBeNull();
  });

  it('drops the reading profiles no current persona uses, and brings an old oversized profile within the cap', () => {
    const stats = emptyStats();
    const clear = (i: number) => ({ title: `Team wins the match ${i}`, text: `The team won the match. The striker scored in the stadium. Round ${i}.`, lang: 'en' });
    const edits = Array.from({ length: 20 }, (_, i) => ({ ...sports, description: `${sports.description} Edit ${i}.` }));
    for (const [i, edited] of edits.entries()) for (let j = 0; j < 3; j++) scorePage(clear(i * 3 + j), [edited, money], stats);
    expect(Object.keys(stats.reading ?? {})).toHaveLength(20);
    const current = edits.at(-1)!;
    // A profile saved before the cap was fixed held up to twice as many terms.
    const old = stats.reading![seedKey(current)]!;
    for (let i = 0; i < 2 * MAX_READING_TERMS; i++) old.terms.add(word(i), 0.001);
    expect(pruneLearned(stats, [current, money])).toBe(true);
    expect(Object.keys(stats.reading ?? {})).toEqual([seedKey(current)]);
    expect(stats.reading![seedKey(current)]!.terms.size).toBeLessThanOrEqual(MAX_READING_TERMS);
    expect(pruneLearned(stats, [current, money])).toBe(false);
  });

  it('reads statistics saved in the older form (plain objects)', () => {
    const legacy = { docs: 3, totalTerms: 30, df: { team: 3, constructor: 2 }, reading: { [seedKey(sports)]: { n: 3, terms: { team: 0.5, striker: 0.25 }, counts: { team: 2 }, mass: 2, size: 1 } } };
    const stats = fromStored(structuredClone(legacy));
    expect(stats.df.get('constructor')).toBe(2);
    expect(stats.df.get('toString')).toBe(0);
    expect(stats.reading?.[seedKey(sports)]?.terms.get('striker')).toBe(0.25);
    expect(fromStored({ nonsense: true }).docs).toBe(0);
  });
});
