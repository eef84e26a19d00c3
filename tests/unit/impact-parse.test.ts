import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { headerSignature, parseAnalytics, readDate, readNumber } from '../../lib/core/impact/parse';

const FIXTURES = join(import.meta.dirname, '../fixtures/analytics');
const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');

describe('analytics exports', () => {
  it('reads a GA4 report download: skips its # comment lines, keeps its date range, reads YYYYMMDD dates', () => {
    const r = parseAnalytics(fixture('ga4-traffic-acquisition.csv'));
    if (!r.ok) throw new Error(JSON.stringify(r.problem));
    expect(r.value.format).toBe('ga4');
    expect(r.value.range).toEqual({ start: '2026-11-02', end: '2026-11-22' });
    expect(r.value.rows).toHaveLength(15);
    expect(r.value.rows[0]).toEqual({ campaign: 'gadget-lab', source: 'linkedin', date: '2026-11-02', visits: 120, conversions: 6 });
    expect(r.value.rows.reduce((s, row) => s + row.visits, 0)).toBe(1005);
  });

  it('reads a GA4 file with a BOM, CRLF line ends, a "source / medium" column and a second table after a blank line', () => {
    const text = '\uFEFF# Start date: 20260101\r\n# End date: 20260131\r\nSession campaign,Session source / medium,Sessions\r\ngadget-lab,linkedin / social,7\r\n\r\n# Totals\r\nSessions\r\n7\r\n';
    const r = parseAnalytics(text);
    expect(r.ok && r.value.rows).toEqual([{ campaign: 'gadget-lab', source: 'linkedin', date: null, visits: 7, conversions: null }]);
  });

  it('reads a Plausible CSV export: utm_campaign and utm_source, visits before visitors, an empty campaign as (not set)', () => {
    const r = parseAnalytics(fixture('plausible-imported-sources.csv'));
    if (!r.ok) throw new Error(JSON.stringify(r.problem));
    expect(r.value.format).toBe('plausible');
    expect(r.value.rows.map((row) => [row.campaign, row.source, row.date, row.visits])).toEqual([
      ['gadget-lab', 'linkedin', '2026-11-02', 118],
      ['gadget-lab', 'x', '2026-11-03', 55],
      ['policy-watch', 'linkedin', '2026-11-04', 29],
      ['world-desk', 'bluesky', '2026-11-10', 21],
      ['(not set)', '(not set)', '2026-11-11', 430],
    ]);
  });

  it('asks for a mapping for any other CSV, and reads it with the mapping given', () => {
    const text = fixture('other-tool.csv');
    const first = parseAnalytics(text);
    expect(first).toMatchObject({ ok: false, problem: { code: 'needs-mapping', columns: ['Day', 'Campaign name', 'Network', 'Clicks', 'Signups'] } });
    const r = parseAnalytics(text, { campaign: 'Campaign name', source: 'Network', date: 'Day', visits: 'Clicks', conversions: 'Signups' });
    expect(r.ok && r.value.format).toBe('mapped');
    expect(r.ok && r.value.rows[0]).toEqual({ campaign: 'gadget-lab', source: 'linkedin', date: '2026-11-02', visits: 100, conversions: 5 });
    // Plausible's dashboard download calls its campaign column "name", like its sources file: a mapping tells them apart.
    expect(parseAnalytics(fixture('plausible-utm-campaigns.csv'))).toMatchObject({ ok: false, problem: { code: 'needs-mapping' } });
  });

  it('the header signature is the same whatever the order or case of the columns, and differs for other columns', () => {
    expect(headerSignature(['Day', 'Clicks'])).toBe(headerSignature(['clicks', ' day']));
    expect(headerSignature(['Day', 'Clicks'])).not.toBe(headerSignature(['Day', 'Visits']));
  });

  it('refuses a file whole, naming the line and the column: a word for a number, an impossible date, no campaign column', () => {
    expect(parseAnalytics(fixture('ga4-bad-number.csv'))).toEqual({ ok: false, problem: { code: 'not-a-number', row: 9, column: 'Sessions', value: 'sixty' } });
    expect(parseAnalytics(fixture('ga4-bad-date.csv'))).toEqual({ ok: false, problem: { code: 'bad-date', row: 5, column: 'Date', value: '2026-13-45' } });
    expect(parseAnalytics(fixture('ga4-no-campaign.csv'))).toEqual({ ok: false, problem: { code: 'no-campaign', row: 6 } });
    expect(parseAnalytics('')).toEqual({ ok: false, problem: { code: 'empty' } });
    expect(parseAnalytics('# only comments\n#\n')).toEqual({ ok: false, problem: { code: 'empty' } });
    expect(parseAnalytics('utm_campaign,pageviews\nx,1\n')).toMatchObject({ ok: false, problem: { code: 'needs-mapping' } });
  });

  it('reads counts with thousands separators and refuses negatives, words and blanks', () => {
    expect(readNumber('1,234')).toBe(1234);
    expect(readNumber('1 234 567')).toBe(1234567);
    expect(readNumber('12.5')).toBe(12.5);
    expect(readNumber('-3')).toBeNull();
    expect(readNumber('')).toBeNull();
    expect(readNumber('12,34')).toBeNull();
    expect(readDate('20261102')).toBe('2026-11-02');
    expect(readDate('2026/11/02')).toBe('2026-11-02');
    expect(readDate('2026-11-02T10:00:00Z')).toBe('2026-11-02');
    expect(readDate('2026-02-30')).toBeNull();
    expect(readDate('02/11/2026')).toBeNull();
  });
});
