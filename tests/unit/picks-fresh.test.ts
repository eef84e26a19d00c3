import { readFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createModelHost } from '../../lib/model/host';
import { modelInfo, DEFAULT_MODEL_ID } from '../../lib/model/catalog';
import { extractFromHtml } from '../../lib/core/extract/from-html';
import { bestPicks, linkStats, modelScoreLinks, wordScoreLinks } from '../../lib/core/score/picks';
import { newPipelineState } from '../../lib/core/score/pipeline';
import { DEFAULT_THRESHOLD } from '../../lib/core/score';
import { AGNEWS_CSV } from '../../scripts/shared-data';
import { ensureUseLite } from '../../scripts/use-lite/convert';
import { readNews } from '../../scripts/agnews';
import { frontPageHtml, frontPageItems } from '../../scripts/front-pages';

const personas = (JSON.parse(readFileSync(new URL('../eval/personas.json', import.meta.url), 'utf8')) as { personas: { name: string; description: string; keywords: string[] }[] }).personas.map(
  (p) => ({ id: p.name, name: p.name, description: p.description, keywords: p.keywords, avoid: [] }),
);

/** The statistics and the model's memory as plain JSON, to tell whether anything wrote to them. */
const snapshot = (value: unknown) => JSON.stringify(value, (_, v) => (v instanceof Map ? [...v] : ArrayBuffer.isView(v) ? Array.from(v as Float32Array) : v));

describe('picks on a fresh install (nothing read yet)', () => {
  it('calibrates the model on the page’s own links in a copy: the stored statistics and memory are untouched, and most picks are right', { timeout: 240_000 }, async () => {
    const { dir } = ensureUseLite();
    const host = createModelHost({ localModelPath: `${dirname(dir)}/` });
    const plan = { modelId: basename(dir), bundled: true };
    const model = { info: { ...modelInfo(DEFAULT_MODEL_ID)!, id: 'use-lite', maxTokens: 128 }, embed: (texts: string[], kind: 'query' | 'passage') => host.embed(plan, texts, kind) };
    const news = readNews(AGNEWS_CSV);
    const state = newPipelineState();
    const before = snapshot(state);
    let right = 0;
    let shownPicks = 0;
    for (let page = 0; page < 3; page++) {
      const shown = frontPageItems(news, page)!;
      const links = extractFromHtml(frontPageHtml(shown), 'https://news.example/').links!;
      // Word matching counts the links into a copy of the statistics only.
      expect(linkStats(links, state.stats)).not.toBe(state.stats);
      const words = await wordScoreLinks(links, personas, state.stats, DEFAULT_THRESHOLD);
      const { mode, links: scored } = await modelScoreLinks(words, personas, DEFAULT_THRESHOLD, model, state.memory);
      expect(mode).toBe('hybrid');
      expect(snapshot(state)).toBe(before);
      const label = new Map(shown.map((i) => [i.url, i.label]));
      const picks = bestPicks(scored, personas);
      shownPicks += picks.length;
      right += picks.filter((p) => label.get(p.url) === personas.findIndex((q) => q.id === p.personaId)).length;
    }
    // 3 pages × 4 personas × 3 picks; the eval measures it over 134 pages (docs/relevance.md): ≥ 0.8 a persona.
    expect(shownPicks).toBe(36);
    expect(right / shownPicks).toBeGreaterThanOrEqual(0.7); // a guess would be right for 0.25; word matching alone ~0.6
  });
});
