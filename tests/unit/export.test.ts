import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import type { QueueItem } from '../../lib/db/schema';
import { exportQueue, filterQueue } from '../../lib/export/queue';
import { measure } from '../../lib/draft/limits';

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
const voices = new Map([['p1', { name: 'Climate Desk', hashtags: ['climate'], style: 'quote' as const, emoji: false, cta: '' }]]);

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
});
