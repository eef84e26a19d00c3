import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractFromHtml } from '../../lib/core/extract/from-html';
import { emptyStats, scorePage } from '../../lib/core/score';
import { parsePersonaFile } from '../../lib/core/personas/transfer';
import { pageHtml } from './pages';

const root = new URL('../../', import.meta.url).pathname;
const personasFile = join(root, 'tests/fixtures/personas.json');

function runScore(lines: string[]): { stdout: string; stderr: string; status: number | null } {
  const dir = mkdtempSync(join(tmpdir(), 'pc-cli-'));
  const docs = join(dir, 'docs.jsonl');
  writeFileSync(docs, lines.join('\n') + '\n');
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'scripts/score.ts'), '--personas', personasFile, '--docs', docs], { encoding: 'utf8', cwd: root });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

describe('score CLI', () => {
  it('writes one line per doc, extracting html exactly as the extension does', () => {
    const html = pageHtml('v8-blog');
    const url = 'https://v8.dev/blog/wasm-standalone';
    const r = runScore([
      JSON.stringify({ id: 'v8', url, html }),
      JSON.stringify({ id: 2, title: 'Football league match report', text: 'The striker scored a late goal to win the league match for the club.' }),
    ]);
    expect(r.status).toBe(0);
    const out = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(out).toHaveLength(2);
    expect(out[0]).toMatchObject({ id: 'v8', best: 'Web Platform' });
    expect(Object.keys(out[0].scores).sort()).toEqual(['Privacy Advocate', 'Sports Fan', 'Web Platform']);
    expect(out[1]).toMatchObject({ id: 2, best: 'Sports Fan' });

    // The same page and personas through the extension's path give the same numbers.
    const parsed = parsePersonaFile(execFileSync('cat', [personasFile], { encoding: 'utf8' }));
    if (!parsed.ok) throw new Error(parsed.error);
    const personas = parsed.file.personas.map((p) => ({ ...p, id: p.name }));
    const ext = scorePage(extractFromHtml(html, url), personas, emptyStats());
    for (const s of ext.scores) expect(out[0].scores[s.name]).toBe(s.score);
  });

  it('reports bad lines on stderr with their number, keeps going, and exits 1', () => {
    const r = runScore(['{"id":"a","title":"x","text":"browser"}', 'not json', '{"title":"no id"}', '{"id":"b","text":"football"}']);
    expect(r.status).toBe(1);
    expect(r.stdout.trim().split('\n')).toHaveLength(2);
    expect(r.stderr).toMatch(/:2: not a valid doc line/);
    expect(r.stderr).toMatch(/:3: not a valid doc line/);
  });

  it('marks a page that is not an article with no best persona', () => {
    const r = runScore([JSON.stringify({ id: 'ol', url: 'https://example.org/', html: pageHtml('ol') })]);
    expect(JSON.parse(r.stdout)).toMatchObject({ id: 'ol', best: null, notArticle: 'not-readerable' });
  });
});

describe('score CLI --examples', () => {
  function run(examples: string[], docs: string[]) {
    const dir = mkdtempSync(join(tmpdir(), 'pc-cli-ex-'));
    writeFileSync(join(dir, 'ex.jsonl'), examples.join('\n'));
    writeFileSync(join(dir, 'docs.jsonl'), docs.join('\n'));
    return spawnSync(process.execPath, ['--import', 'tsx', join(root, 'scripts/score.ts'), '--personas', personasFile, '--docs', join(dir, 'docs.jsonl'), '--examples', join(dir, 'ex.jsonl')], {
      encoding: 'utf8',
      cwd: root,
    });
  }
  const doc = JSON.stringify({ id: 'd', title: 'Quarterback throws late touchdown', text: 'The quarterback threw a touchdown pass in the final minute.' });

  it('applies examples like curated items: a page like them scores higher for that persona', () => {
    const without = run([], [doc]);
    const withEx = run([JSON.stringify({ persona: 'sports fan', title: 'Touchdown wins it', text: 'A late touchdown pass from the quarterback won the game.' })], [doc]);
    expect(withEx.status).toBe(0);
    expect(JSON.parse(withEx.stdout).scores['Sports Fan']).toBeGreaterThan(JSON.parse(without.stdout).scores['Sports Fan']);
  });

  it('refuses an example for an unknown persona, naming the line', () => {
    const r = run(['{"persona":"Nobody","title":"x"}'], [doc]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/ex\.jsonl:1: no persona named "Nobody"/);
  });
});
