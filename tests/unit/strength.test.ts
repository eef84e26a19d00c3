import { describe, expect, it } from 'vitest';
import { POST_THIS, markPostThis, verdictOf } from '../../lib/core/score/strength';
import { emptyStats, scorePage } from '../../lib/core/score';

const ranked = (...scores: number[]) => scores.map((score, i) => ({ id: `p${i}`, score, suggested: score >= 0.35 }));
const marked = (...scores: number[]) => markPostThis(ranked(...scores), 0.35).map((s) => s.suggested);

describe('"Post this"', () => {
  it('marks the persona that is the page’s clear choice', () => {
    expect(marked(0.42, 0.42 - POST_THIS.lead)).toEqual([true, false]);
    expect(marked(0.42)).toEqual([true]);
  });

  it('does not mark a persona that only just leads another one: the page could be either’s', () => {
    expect(marked(0.42, 0.38)).toEqual([false, false]);
    expect(marked(0.42, 0.34)).toEqual([false, false]);
  });

  it('marks every persona that scores high enough, however close the others', () => {
    const strong = 0.35 + POST_THIS.strong;
    expect(marked(strong + 0.05, strong)).toEqual([true, true]);
    expect(marked(strong, 0.5)).toEqual([true, false]);
  });

  it('never marks a persona below the threshold', () => {
    expect(marked(0.34, 0)).toEqual([false, false]);
  });

  it('is what the word matching reports: a page that touches two personas’ topics about equally is not "Post this" for either', () => {
    const solar = { id: 's', name: 'Solar Desk', description: 'Solar panels, rooftop solar and the solar industry', keywords: ['solar', 'panels'], avoid: [] };
    const power = { id: 'g', name: 'Grid Desk', description: 'The power grid, utilities and electricity prices', keywords: ['grid', 'electricity'], avoid: [] };
    const page = {
      title: 'A sunny spring in the valley',
      text: 'The valley had its sunniest spring in years. Farmers planted early, the rivers ran low and tourists filled the hotels and cafes along the lake. A few houses added solar panels, and the local grid coped with electricity demand. The town council spent most of its meetings on parking, school buses and the new library.',
    };
    const scores = scorePage(page, [solar, power], emptyStats()).scores;
    // Both above the threshold, neither strong on its own, less than the lead apart.
    expect(scores.every((s) => s.score >= 0.35 && s.score < 0.35 + POST_THIS.strong)).toBe(true);
    expect(scores[0]!.score - scores[1]!.score).toBeLessThan(POST_THIS.lead);
    expect(scores.map((s) => s.suggested)).toEqual([false, false]);
  });

  it('the views call a persona above the threshold that is not the clear choice a close call, not a weak match', () => {
    const [a, b] = markPostThis(ranked(0.42, 0.38), 0.35);
    expect(verdictOf(a!, 0.35)).toBe('close');
    expect(verdictOf(b!, 0.35)).toBe('close');
    const [c, d] = markPostThis(ranked(0.42, 0.1), 0.35);
    expect(verdictOf(c!, 0.35)).toBe('post');
    expect(verdictOf(d!, 0.35)).toBe('weak');
  });
});
