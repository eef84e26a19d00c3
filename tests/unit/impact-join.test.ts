import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { parseAnalytics, type AnalyticsRow } from '../../lib/core/impact/parse';
import { joinReport, mergeRows, rollUp, tallyShares, weekOf, type ImportFact, type MergedRows, type ShareFact } from '../../lib/core/impact/join';
import { fromColumns, toColumns } from '../../lib/core/impact/columns';
import { findings, MIN_SHARES } from '../../lib/core/impact/findings';
import { impactCsv } from '../../lib/export/impact';

const ga4 = (() => {
  const r = parseAnalytics(readFileSync(join(import.meta.dirname, '../fixtures/analytics/ga4-traffic-acquisition.csv'), 'utf8'));
  if (!r.ok) throw new Error('fixture');
  return r.value;
})();
/** The join from the whole log and every export, as the store keeps them (tally and rollup). */
const buildReport = (people: readonly { id: string; name: string }[], log: readonly ShareFact[], exports: readonly ImportFact[]) => joinReport(people, tallyShares(log), rollUp(exports));
const personas = [
  { id: 'g', name: 'Gadget Lab' },
  { id: 'p', name: 'Policy Watch' },
  // Renamed from "World News": its older links carried utm_campaign=world-news.
  { id: 'w', name: 'World Desk' },
];
const at = Date.UTC(2026, 10, 2, 9);
const shares = (personaId: string, personaName: string, campaign: string, network: string, n: number): ShareFact[] =>
  Array.from({ length: n }, (_, i) => ({ personaId, personaName, campaign, network, at: at + i * 60_000 }));
const log = [
  ...shares('g', 'Gadget Lab', 'gadget-lab', 'linkedin', 5),
  ...shares('g', 'Gadget Lab', 'gadget-lab', 'x', 5),
  ...shares('p', 'Policy Watch', 'policy-watch', 'linkedin', 5),
  ...shares('p', 'Policy Watch', 'policy-watch', 'x', 5),
  ...shares('w', 'World News', 'world-news', 'linkedin', 1),
  ...shares('w', 'World Desk', 'world-desk', 'linkedin', 2),
  ...shares('w', 'World Desk', 'world-desk', 'x', 2),
];
const imports = [{ at: 1, range: ga4.range, columns: toColumns(ga4.rows) }];
/** The merged rows as objects, to compare. */
const asRows = (m: MergedRows): AnalyticsRow[] =>
  m.visits.map((visits, i) => ({ campaign: m.campaigns[m.campaign[i]!]!, source: m.sources[m.source[i]!]!, date: m.days[m.day[i]!] || null, visits, conversions: m.conversions[i]! }));

describe('the impact join', () => {
  const report = buildReport(personas, log, imports);

  it('matches campaigns to personas by slug, a renamed persona by the campaign its shares recorded, and sums per persona and network', () => {
    expect(report.personas.map((p) => [p.name, p.shares, p.visits, p.conversions, p.perShare, p.bestNetwork])).toEqual([
      ['Gadget Lab', 10, 390, 19, 39, 'linkedin'],
      ['World Desk', 5, 90, 3, 18, 'linkedin'],
      ['Policy Watch', 10, 70, 2, 7, 'linkedin'],
    ]);
    const gadget = report.personas[0]!;
    expect(gadget.networks.map((n) => [n.network, n.shares, n.visits, n.perShare])).toEqual([
      ['linkedin', 5, 260, 52],
      ['x', 5, 100, 20],
      ['bluesky', 0, 30, null],
    ]);
    expect(report.hasConversions).toBe(true);
  });

  it('lists campaigns that match no persona apart, with their visits', () => {
    expect(report.unmatched).toEqual([
      { campaign: '(not set)', visits: 400, conversions: 12 },
      { campaign: 'spring-sale', visits: 55, conversions: 4 },
    ]);
  });

  it('counts visits and shares per week, weeks starting on Monday', () => {
    expect(weekOf('2026-11-08')).toBe('2026-11-02');
    expect(weekOf('2026-11-09')).toBe('2026-11-09');
    expect(report.weeks).toEqual(['2026-11-02', '2026-11-09', '2026-11-16']);
    // A quiet week in between is a zero, not a gap.
    expect(buildReport(personas, [{ ...log[0]!, at: Date.UTC(2026, 11, 1) }], imports).weeks).toEqual(['2026-11-02', '2026-11-09', '2026-11-16', '2026-11-23', '2026-11-30']);
    expect(report.personas[0]!.weekly).toEqual({ shares: [10, 0, 0], visits: [180, 180, 30] });
  });

  it('the same export imported twice counts once; a later export replaces the days it repeats', () => {
    const twice = buildReport(personas, log, [...imports, { at: 2, range: ga4.range, columns: toColumns(ga4.rows) }]);
    expect(twice.personas.map((p) => p.visits)).toEqual(report.personas.map((p) => p.visits));
    const fix: AnalyticsRow = { campaign: 'gadget-lab', source: 'linkedin', date: '2026-11-02', visits: 130, conversions: 6 };
    const merged = asRows(
      mergeRows([
        { at: 1, range: null, columns: toColumns(ga4.rows) },
        { at: 2, range: null, columns: toColumns([fix]) },
      ]),
    );
    expect(merged.filter((r) => r.campaign === 'gadget-lab' && r.date === '2026-11-02')).toEqual([fix]);
    expect(merged).toHaveLength(15);
    // Two rows of one file with the same campaign, source and day (another dimension split them) add up.
    expect(asRows(mergeRows([{ at: 1, range: null, columns: toColumns([fix, { ...fix, visits: 1, conversions: null }]) }]))).toEqual([{ ...fix, visits: 131 }]);
    // The columns a row is stored as give the same rows back.
    expect(fromColumns(toColumns(ga4.rows))).toEqual(ga4.rows);
  });

  it('merges the same way when there are too many campaigns × sources × days for a flat table', () => {
    // 2,100 campaigns × 1,000 days × 2 sources: past the flat table's 4 M keys, the merge uses a map.
    const day = (i: number) => new Date(Date.UTC(2020, 0, 1 + i)).toISOString().slice(0, 10);
    const rows: AnalyticsRow[] = [
      ...Array.from({ length: 2_100 }, (_, i) => ({ campaign: `c${i}`, source: 'a', date: day(0), visits: 1, conversions: null })),
      ...Array.from({ length: 1_000 }, (_, i) => ({ campaign: 'c0', source: 'b', date: day(i), visits: 2, conversions: null })),
    ];
    const again = { ...rows[0]!, visits: 5 };
    const merged = mergeRows([
      { at: 1, range: null, columns: toColumns(rows) },
      { at: 2, range: null, columns: toColumns([again]) },
    ]);
    expect(merged.campaigns.length * merged.sources.length * merged.days.length).toBeGreaterThan(1 << 22);
    expect(merged.visits).toHaveLength(3_100);
    expect(merged.visits.reduce((a, b) => a + b, 0)).toBe(2_099 + 5 + 2_000);
  });

  it('a persona with no shares and no visits is a row of zeros; no export means no conversions column', () => {
    const empty = buildReport([...personas, { id: 'n', name: 'Nobody' }], [], []);
    expect(empty.personas.find((p) => p.personaId === 'n')).toMatchObject({ shares: 0, visits: 0, perShare: null, bestNetwork: null });
    expect(empty.hasConversions).toBe(false);
  });
});

describe('findings', () => {
  it('compare personas and networks only where both sides have enough shares', () => {
    const found = findings(buildReport(personas, log, imports));
    expect(found).toEqual([
      { kind: 'persona-ratio', better: 'Gadget Lab', worse: 'Policy Watch', ratio: 39 / 7 },
      { kind: 'network-better', persona: 'Gadget Lab', better: 'linkedin', worse: 'x', ratio: 2.6 },
      { kind: 'network-better', persona: 'Policy Watch', better: 'linkedin', worse: 'x', ratio: 2.5 },
      { kind: 'best-week', persona: 'Gadget Lab', week: '2026-11-02', visits: 180 },
    ]);
    // World Desk has 3 LinkedIn shares and 2 on X: below the minimum, it gets no sentence.
    expect(found.some((f) => 'persona' in f && f.persona === 'World Desk')).toBe(false);
  });

  it('say nothing below the minimum number of shares', () => {
    // Two shares of every five: each persona is left with 4 (or fewer), under the minimum.
    const few = log.filter((_, i) => i % 5 < 2);
    expect(Math.max(...buildReport(personas, few, imports).personas.map((p) => p.shares))).toBeLessThan(MIN_SHARES);
    expect(findings(buildReport(personas, few, imports))).toEqual([]);
  });
});

describe('the joined table as CSV', () => {
  it('has a row per persona and per network, the unmatched campaigns, and no cell a spreadsheet would run', () => {
    const evil = buildReport([{ id: 'e', name: '=HYPERLINK("http://x.test","y")' }], [{ personaId: 'e', personaName: 'x', campaign: 'x', network: 'x', at }], []);
    const csv = impactCsv(evil, new Date(Date.UTC(2026, 10, 30))).content;
    expect(csv).toContain(`"'=HYPERLINK(""http://x.test"",""y"")"`);
    const rows = Papa.parse<Record<string, string>>(impactCsv(buildReport(personas, log, imports)).content, { header: true }).data;
    expect(rows[0]).toMatchObject({ persona: 'Gadget Lab', network: 'all', shares: '10', visits: '390', conversions: '19', visits_per_share: '39', best_network: 'linkedin' });
    expect(rows.filter((r) => r.campaign_matched === 'no').map((r) => r.persona)).toEqual(['(not set)', 'spring-sale']);
  });
});
