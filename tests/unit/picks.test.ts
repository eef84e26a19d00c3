import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractFromHtml } from '../../lib/core/extract/from-html';
import { bestPicks, wordScoreLinks } from '../../lib/core/score/picks';
import { newPipelineState, scoreThrough } from '../../lib/core/score/pipeline';
import { DEFAULT_THRESHOLD } from '../../lib/core/score';
import { AGNEWS_CSV } from '../../scripts/shared-data';
import { readNews } from '../../scripts/agnews';
import { frontPageHtml, frontPageItems } from '../../scripts/front-pages';

const personas = (JSON.parse(readFileSync(new URL('../eval/personas.json', import.meta.url), 'utf8')) as { personas: { name: string; description: string; keywords: string[] }[] }).personas.map(
  (p) => ({
    id: p.name,
    name: p.name,
    description: p.description,
    keywords: p.keywords,
    avoid: [],
  }),
);

describe('picks on a front page, word matching', () => {
  it('scores every link without teaching the statistics, and picks at most 3 links a persona, each once, best first', async () => {
    const news = readNews(AGNEWS_CSV);
    const state = newPipelineState();
    for (const item of news.slice(0, 600)) await scoreThrough({ title: item.title, text: item.text, lang: null }, personas, state, DEFAULT_THRESHOLD);
    const shown = frontPageItems(news.slice(600), 0)!;
    const snap = extractFromHtml(frontPageHtml(shown), 'https://news.example/');
    const before = JSON.stringify(state.stats, (_, v) => (v instanceof Map ? [...v] : v));
    const scored = await wordScoreLinks(snap.links!, personas, state.stats, DEFAULT_THRESHOLD);
    expect(JSON.stringify(state.stats, (_, v) => (v instanceof Map ? [...v] : v))).toBe(before);
    expect(scored).toHaveLength(snap.links!.length);
    const picks = bestPicks(scored, personas);
    expect(picks.length).toBeGreaterThan(0);
    expect(new Set(picks.map((p) => p.url)).size).toBe(picks.length);
    for (const persona of personas) {
      const mine = picks.filter((p) => p.personaId === persona.id);
      expect(mine.length).toBeLessThanOrEqual(3);
      expect(mine.map((p) => p.score)).toEqual([...mine.map((p) => p.score)].sort((a, b) => b - a));
    }
    // Most picks are of the persona's own topic, by word matching alone after 600 pages (the eval measures it over many pages: docs/relevance.md).
    const label = new Map(shown.map((i) => [i.url, i.label]));
    const right = picks.filter((p) => label.get(p.url) === personas.findIndex((q) => q.id === p.personaId)).length;
    expect(right / picks.length).toBeGreaterThan(0.5); // a guess would be right for 0.25
  });
});
