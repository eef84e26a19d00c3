import { describe, expect, it } from 'vitest';
import { isQuietTime, notificationMessage, notifiedPages, NOTIFIED_CAP, NOTIFY_TITLE_MAX, strongMatch, type SessionArea } from '../../lib/background/browser/notify';
import { NOTIFY_DEFAULTS } from '../../lib/store/schema';

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

describe('a notification names the page’s host', () => {
  it('before the title, from the tab’s own address, so a page cannot word a fake alert', () => {
    expect(notificationMessage('Your bank account is locked', 'https://evil.example.com/login?next=/bank')).toBe('evil.example.com — Your bank account is locked');
  });
  it('cuts a long title, after the host', () => {
    const message = notificationMessage('Your bank account is locked '.repeat(20), 'https://example.com/');
    expect(message.startsWith('example.com — Your bank account is locked Your')).toBe(true);
    expect([...message.slice('example.com — '.length)]).toHaveLength(NOTIFY_TITLE_MAX);
    expect(message.endsWith('…')).toBe(true);
  });
  it('drops line breaks and bidirectional controls a title could use to hide or reorder the host', () => {
    expect(notificationMessage('Account\nlocked\u202e kcolnu', 'https://example.com/')).toBe('example.com — Account locked kcolnu');
    expect(notificationMessage('\u2067Bank\u2069\r\n\r\nAlert', 'http://example.org:8080/')).toBe('example.org — Bank Alert');
  });
  it('shows an internationalised host in its xn-- form, so a look-alike of another host does not pass for it', () => {
    expect(notificationMessage('Sign in', 'https://аpple.com/')).toBe('xn--pple-43d.com — Sign in');
  });
});

describe('once per page', () => {
  /** A storage area with storage.session's contract: values are copied in and out (structured clone). */
  const sessionArea = (): SessionArea => {
    const items = new Map<string, unknown>();
    return {
      get: async (key) => (items.has(key) ? { [key]: structuredClone(items.get(key)) } : {}),
      set: async (values) => {
        for (const [k, v] of Object.entries(values)) items.set(k, structuredClone(v));
      },
    };
  };

  it('remembers a notified page after the service worker stops and starts again', async () => {
    const area = sessionArea();
    const before = notifiedPages(area);
    await before.add('https://news.example/a');
    const afterRestart = notifiedPages(area);
    expect(await afterRestart.has('https://news.example/a')).toBe(true);
    expect(await afterRestart.has('https://news.example/b')).toBe(false);
  });

  it('keeps the newest pages past its cap, dropping the oldest first', async () => {
    const pages = notifiedPages(sessionArea());
    for (let i = 0; i <= NOTIFIED_CAP; i++) await pages.add(`https://news.example/${i}`);
    expect(await pages.has('https://news.example/0')).toBe(false);
    expect(await pages.has('https://news.example/1')).toBe(true);
    expect(await pages.has(`https://news.example/${NOTIFIED_CAP}`)).toBe(true);
  });

  it('falls back to the worker memory without storage.session', async () => {
    const pages = notifiedPages(undefined);
    await pages.add('https://news.example/a');
    expect(await pages.has('https://news.example/a')).toBe(true);
  });
});
