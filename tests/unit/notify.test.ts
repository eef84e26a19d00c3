import { describe, expect, it } from 'vitest';
import { isQuietTime, strongMatch } from '../../lib/background/notify';
import { NOTIFY_DEFAULTS } from '../../lib/db/schema';

const at = (hh: number, mm = 0) => new Date(2026, 10, 26, hh, mm);

describe('quiet hours', () => {
  it('wrap past midnight, include the start and exclude the end', () => {
    expect(isQuietTime(at(22), '22:00', '08:00')).toBe(true);
    expect(isQuietTime(at(3), '22:00', '08:00')).toBe(true);
    expect(isQuietTime(at(7, 59), '22:00', '08:00')).toBe(true);
    expect(isQuietTime(at(8), '22:00', '08:00')).toBe(false);
    expect(isQuietTime(at(21, 59), '22:00', '08:00')).toBe(false);
  });
  it('work within one day, and equal bounds mean never quiet', () => {
    expect(isQuietTime(at(13), '12:00', '14:00')).toBe(true);
    expect(isQuietTime(at(14), '12:00', '14:00')).toBe(false);
    expect(isQuietTime(at(3), '00:00', '00:00')).toBe(false);
  });
});

describe('what deserves a notification', () => {
  const result = (score: number, extra: object = {}) => ({
    suggestions: [{ name: 'Tech Explainer', score, suggested: score >= 0.35 }] as never,
    seen: null,
    page: { title: 'A page', notArticle: null } as never,
    ...extra,
  });
  const on = { ...NOTIFY_DEFAULTS, enabled: true };
  it('a strong, new match outside quiet hours, when switched on', () => {
    expect(strongMatch(result(0.8), on, at(12))).toEqual({ personaName: 'Tech Explainer', score: 0.8, title: 'A page' });
  });
  it('nothing when off (the default), in quiet hours, weak, already curated, or not an article', () => {
    expect(strongMatch(result(0.8), { ...NOTIFY_DEFAULTS }, at(12))).toBeNull();
    expect(strongMatch(result(0.8), on, at(23))).toBeNull();
    expect(strongMatch(result(0.5), on, at(12))).toBeNull();
    expect(strongMatch(result(0.8, { seen: { status: 'queued', personaName: null, at: 1 } }), on, at(12))).toBeNull();
    expect(strongMatch(result(0.8, { page: { title: 'x', notArticle: 'too-short' } }), on, at(12))).toBeNull();
  });
});
