import { describe, expect, it } from 'vitest';
import { hamming, NEAR_DUPLICATE_BITS, simhash } from '../../lib/util/simhash';
import { extractFromHtml } from '../../lib/core/extract/from-html';
import { pageHtml } from './pages';

describe('simhash', () => {
  const text = extractFromHtml(pageHtml('aclu'), 'https://a.example/').text;
  it('puts near-identical texts within a few bits and different articles far apart', () => {
    const a = simhash(text)!;
    expect(hamming(a, simhash(`${text}\n\nShare this story on social media.`)!)).toBeLessThanOrEqual(NEAR_DUPLICATE_BITS);
    expect(hamming(a, simhash(extractFromHtml(pageHtml('v8-blog'), 'https://b.example/').text)!)).toBeGreaterThan(12);
    expect(hamming(a, a)).toBe(0);
  });
  it('gives no fingerprint to text too short to tell', () => {
    expect(simhash('Too short')).toBeNull();
  });
});
