import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCurator } from '../../lib/background/curator';
import { openDb, type CuratorDb } from '../../lib/store/db';
import { Requests, type RequestPayload, type RequestType, type Responses } from '../../lib/protocol/requests';
import { newQueueItem } from '../../lib/store/queue';
import { sharesOfItems } from '../../lib/store/shares';
import { exportedShares } from '../../lib/export/queue';
import { CuratorError } from '../../lib/protocol/errors';
import { fromColumns } from '../../lib/core/impact/columns';
import { importRows, ROLLUP_ID } from '../../lib/store/analytics';
import { joinReport, rollUp, tallyShares, type ShareTally } from '../../lib/core/impact/join';

const fixture = (name: string) => readFileSync(join(import.meta.dirname, '../fixtures/analytics', name), 'utf8');
let db: CuratorDb;
let now = Date.UTC(2026, 10, 2, 9);
const c = () => createCurator({ db, readTab: async () => ({}), now: () => now });
function call<T extends RequestType>(type: T, payload: RequestPayload<T>) {
  const handler = c().handlers[type] as (p: unknown, s: object) => Promise<Responses[T]>;
  return handler(Requests[type].parse(payload), {});
}
const share = { personaId: 'g', personaName: 'Gadget Lab', campaign: 'gadget-lab', network: 'linkedin' as const, title: 'A story', exported: false };

beforeEach(async () => {
  db = openDb(`impact-${Math.random()}`);
  await db.open();
});
afterEach(async () => {
  db.close();
  await db.delete();
});

describe('the share log', () => {
  it('records a handoff and marks the article’s queue item shared, in one transaction; the queue reads where and when', async () => {
    const item = newQueueItem({ url: 'https://news.example/story', title: 'A story', siteName: null, personaId: 'g', personaName: 'Gadget Lab', score: 0.5, quote: '', source: 'popup' }, now - 1000);
    await db.queue.add(item);
    const url = 'https://news.example/story?utm_source=linkedin&utm_medium=social&utm_campaign=gadget-lab';
    expect(await call('shares.record', { shares: [{ ...share, url, articleUrl: 'https://news.example/story#top' }] })).toEqual({ recorded: 1 });
    expect((await db.queue.get(item.id))!.status).toBe('shared');
    const [row] = await db.shares.toArray();
    expect(row).toMatchObject({ ...share, url, queueId: item.id, at: now });
    expect((await sharesOfItems(db, [item.id])).get(item.id)).toMatchObject({ count: 1, last: { network: 'linkedin', at: now } });
  });

  it('a share of a page that is not queued is still logged; if the log cannot be written, the item keeps its status', async () => {
    await call('shares.record', { shares: [{ ...share, url: 'https://elsewhere.example/a', articleUrl: 'https://elsewhere.example/a' }] });
    expect(await db.shares.count()).toBe(1);
    const item = newQueueItem({ url: 'https://news.example/b', title: 'B', siteName: null, personaId: null, personaName: null, score: null, quote: '', source: 'popup' }, now);
    await db.queue.add(item);
    // The same record id twice: the second add fails, and the transaction takes the status change back with it.
    const original = crypto.randomUUID;
    crypto.randomUUID = () => '00000000-0000-4000-8000-000000000000';
    try {
      await expect(
        call('shares.record', {
          shares: [
            { ...share, url: 'https://news.example/b', articleUrl: 'https://news.example/b' },
            { ...share, url: 'x', articleUrl: 'https://news.example/b' },
          ],
        }),
      ).rejects.toBeInstanceOf(CuratorError);
    } finally {
      crypto.randomUUID = original;
    }
    expect((await db.queue.get(item.id))!.status).toBe('queued');
    expect(await db.shares.count()).toBe(1);
  });

  it('a bulk export logs one record per exported row, marked exported, with the link the file carries', () => {
    const item = newQueueItem({ url: 'https://news.example/c', title: 'C', siteName: null, personaId: 'g', personaName: 'Old Name', score: null, quote: '', source: 'popup' }, now);
    const voices = new Map([['g', { name: 'Gadget Lab', hashtags: [], style: 'quote' as const, emoji: false, cta: '', topic: null }]]);
    expect(exportedShares([item], 'hootsuite', voices)).toEqual([
      {
        personaId: 'g',
        personaName: 'Gadget Lab',
        campaign: 'gadget-lab',
        network: 'hootsuite',
        url: 'https://news.example/c?utm_source=hootsuite&utm_medium=social&utm_campaign=gadget-lab',
        articleUrl: item.url,
        title: 'C',
        queueId: item.id,
        exported: true,
      },
    ]);
    expect(exportedShares([item], 'json', voices)[0]).toMatchObject({ network: 'export', url: item.url });
    expect(exportedShares([item], 'csv', voices, { tag: false })[0]).toMatchObject({ network: 'export', url: item.url });
  });
});

describe('analytics imports', () => {
  it('imports a GA4 export whole; the same file again changes nothing', async () => {
    expect(await call('impact.import', { text: fixture('ga4-traffic-acquisition.csv'), fileName: 'ga4.csv' })).toEqual({ status: 'imported', format: 'ga4', rows: 15 });
    expect(await call('impact.import', { text: fixture('ga4-traffic-acquisition.csv'), fileName: 'again.csv' })).toEqual({ status: 'duplicate' });
    expect(await db.analyticsImports.count()).toBe(1);
  });

  it('refuses a malformed export with a message naming its line and column, and stores nothing', async () => {
    await call('impact.import', { text: fixture('plausible-imported-sources.csv'), fileName: 'p.csv' });
    const before = await db.analyticsImports.toArray();
    await expect(call('impact.import', { text: fixture('ga4-bad-number.csv'), fileName: 'bad.csv' })).rejects.toThrow('Line 9, column “Sessions”: “sixty” is not a number. Nothing was imported.');
    await expect(call('impact.import', { text: fixture('ga4-bad-date.csv'), fileName: 'bad.csv' })).rejects.toThrow(/Line 5, column “Date”: “2026-13-45”/);
    await expect(call('impact.import', { text: fixture('ga4-no-campaign.csv'), fileName: 'bad.csv' })).rejects.toThrow(/Line 6: no campaign column/);
    expect(await db.analyticsImports.toArray()).toEqual(before);
  });

  it('asks for a mapping for another tool’s CSV, and remembers it for files with the same columns', async () => {
    const text = fixture('other-tool.csv');
    const asked = await call('impact.import', { text, fileName: 'o.csv' });
    expect(asked).toMatchObject({ status: 'needs-mapping', columns: ['Day', 'Campaign name', 'Network', 'Clicks', 'Signups'] });
    expect(await db.analyticsImports.count()).toBe(0);
    const mapping = { campaign: 'Campaign name', source: 'Network', date: 'Day', visits: 'Clicks', conversions: 'Signups' };
    expect(await call('impact.import', { text, fileName: 'o.csv', mapping })).toEqual({ status: 'imported', format: 'mapped', rows: 3 });
    // The next file from that tool, columns in another order: read with the remembered mapping.
    now += 1;
    const next = 'Signups,Clicks,Network,Campaign name,Day\n1,9,x,gadget-lab,2026-11-09\n';
    expect(await call('impact.import', { text: next, fileName: 'o2.csv' })).toEqual({ status: 'imported', format: 'mapped', rows: 1 });
    expect(fromColumns((await importRows(db)).at(-1)!.columns)).toEqual([{ campaign: 'gadget-lab', source: 'x', date: '2026-11-09', visits: 9, conversions: 1 }]);
    expect(await call('impact.clear', {})).toEqual({ removed: 2 });
  });
});

describe('what the Impact page reads', () => {
  const sortTally = (rows: ShareTally[]) =>
    rows.map(({ personaId, campaign, network, week, count }) => ({ personaId, campaign, network, week, count })).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

  it('the tally kept as shares are logged counts the log, per persona, campaign, network and week, including a failed write', async () => {
    const one = (personaId: string | null, campaign: string, network: 'linkedin' | 'x' | 'hootsuite', exported = false) => ({
      ...share,
      personaId,
      campaign,
      network,
      exported,
      url: `https://news.example/${campaign}/${network}`,
      articleUrl: `https://news.example/${campaign}`,
    });
    await call('shares.record', { shares: [one('g', 'gadget-lab', 'linkedin'), one('g', 'gadget-lab', 'linkedin'), one('p', 'policy-watch', 'x')] });
    now += 8 * 86_400_000; // another week
    await call('shares.record', { shares: [one('g', 'gadget-lab', 'linkedin'), one(null, 'spring-sale', 'x')] });
    // A bulk export: one row each.
    await call('shares.record', { shares: [1, 2, 3].map(() => one('g', 'gadget-lab', 'hootsuite', true)) });
    // A write that fails takes its counts back with it.
    const original = crypto.randomUUID;
    crypto.randomUUID = () => '00000000-0000-4000-8000-000000000001';
    try {
      await expect(call('shares.record', { shares: [one('g', 'gadget-lab', 'x'), one('g', 'gadget-lab', 'x')] })).rejects.toBeInstanceOf(CuratorError);
    } finally {
      crypto.randomUUID = original;
    }
    const log = await db.shares.toArray();
    expect(log).toHaveLength(8);
    const kept = await db.shareTally.toArray();
    expect(sortTally(kept)).toEqual(sortTally(tallyShares(log)));
    expect(kept.find((r) => r.network === 'linkedin' && r.week === '2026-11-02')?.count).toBe(2);
    expect(kept.reduce((n, r) => n + r.count, 0)).toBe(8);
  });

  it('the rollup kept as exports are imported is every import merged; with the tally it gives the figures of the whole log and exports', async () => {
    const personas = [
      { id: 'g', name: 'Gadget Lab' },
      { id: 'p', name: 'Policy Watch' },
    ];
    await call('shares.record', { shares: [{ ...share, url: 'https://news.example/a', articleUrl: 'https://news.example/a' }] });
    expect(await db.analyticsRollup.get(ROLLUP_ID)).toBeUndefined();
    await call('impact.import', { text: fixture('ga4-traffic-acquisition.csv'), fileName: 'ga4.csv' });
    now += 1;
    await call('impact.import', { text: fixture('plausible-imported-sources.csv'), fileName: 'p.csv' });
    now += 1;
    await call('impact.import', {
      text: 'Day,Campaign name,Network,Clicks\n2026-11-03,gadget-lab,linkedin,7\n',
      fileName: 'o.csv',
      mapping: { campaign: 'Campaign name', source: 'Network', date: 'Day', visits: 'Clicks', conversions: null },
    });
    const imports = (await importRows(db)).map(({ meta, columns }) => ({ at: meta.at, range: meta.range, columns }));
    expect(imports).toHaveLength(3);
    const kept = (await db.analyticsRollup.get(ROLLUP_ID))!;
    expect(kept.imports).toEqual((await db.analyticsImports.orderBy('at').toArray()).map((m) => m.id));
    expect(kept.rollup).toEqual(rollUp(imports));
    const fromStore = joinReport(personas, await db.shareTally.toArray(), kept.rollup);
    expect(fromStore).toEqual(joinReport(personas, tallyShares(await db.shares.toArray()), rollUp(imports)));
    expect(fromStore.personas[0]!.visits).toBeGreaterThan(0);
    // A duplicate changes nothing; clearing forgets the imports, their rows and the rollup together.
    await call('impact.import', { text: fixture('ga4-traffic-acquisition.csv'), fileName: 'again.csv' });
    expect((await db.analyticsRollup.get(ROLLUP_ID))!.rollup).toEqual(kept.rollup);
    expect(await call('impact.clear', {})).toEqual({ removed: 3 });
    expect([await db.analyticsImports.count(), await db.analyticsRows.count(), await db.analyticsRollup.count()]).toEqual([0, 0, 0]);
  });
});
