/**
 * npm run eval — relevance on labelled news, through the same code as the score CLI.
 *
 * Scores ../shared/data/agnews/test.csv (7,600 items, 4 topics) against the
 * four personas in tests/eval/personas.json (a name, one sentence and up to
 * five keywords each, as a person writes them in seconds). Items are seen one
 * at a time in file order; labels are used only to measure.
 *
 *   npm run eval [-- --data FILE] [--model DIR] [--limit N]
 *
 * Three settings: zero-shot lexical; hybrid with a model (by default the tiny
 * test model, generated if missing: it proves the path, not the quality);
 * few-shot lexical with five curated examples a persona.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTestModel } from './make-test-model';
import { AGNEWS_CSV } from './shared-data';
import { parseArgs } from 'node:util';
import Papa from 'papaparse';
import { loadLocalModel } from '../lib/model/local';
import { parsePersonaFile } from '../lib/personas/transfer';
import { DEFAULT_THRESHOLD } from '../lib/score';
import { createBatchScorer, type BatchOptions } from '../lib/score/batch';
import { setI18nApi } from '../lib/i18n/i18n';
import { fakeI18n } from '../lib/i18n/node';

// Messages (import errors and the like) in English, as the browser gives them by default.
setI18nApi(fakeI18n('en'));

const ROOT = new URL('../', import.meta.url).pathname;
const TINY = join(ROOT, 'node_modules/.cache/persona-curator/tiny');
const DEFAULT_DATA = AGNEWS_CSV;
/** AG News label ids, in the personas file's order. */
const LABELS = ['1', '2', '3', '4'];

interface Item {
  label: number;
  title: string;
  text: string;
}

/** AG News escapes: "#36;" is "$", a backslash is a line break, and some items carry escaped HTML. */
function clean(s: string): string {
  return s
    .replace(/#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/<[^>]*>/g, ' ')
    .replace(/\\+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function readItems(path: string): Item[] {
  const parsed = Papa.parse<string[]>(readFileSync(path, 'utf8'), { skipEmptyLines: true });
  return parsed.data
    .slice(1)
    .filter((r) => LABELS.includes(r[0] ?? ''))
    .map((r) => ({ label: LABELS.indexOf(r[0]!), title: clean(r[1] ?? ''), text: clean(r[2] ?? '') }));
}

function auc(scores: number[], positive: boolean[]): number {
  const pairs = scores.map((s, i) => ({ s, p: positive[i]! })).sort((a, b) => a.s - b.s);
  // Rank-sum (Mann–Whitney) with ties averaged.
  let rankSum = 0;
  let nPos = 0;
  for (let i = 0; i < pairs.length;) {
    let j = i;
    while (j < pairs.length && pairs[j]!.s === pairs[i]!.s) j++;
    const avgRank = (i + 1 + j) / 2;
    for (let k = i; k < j; k++)
      if (pairs[k]!.p) {
        rankSum += avgRank;
        nPos++;
      }
    i = j;
  }
  const nNeg = pairs.length - nPos;
  return nPos && nNeg ? (rankSum - (nPos * (nPos + 1)) / 2) / (nPos * nNeg) : NaN;
}

function precisionAt(scores: number[], positive: boolean[], k: number): number {
  const order = scores.map((s, i) => i).sort((a, b) => scores[b]! - scores[a]! || a - b);
  return order.slice(0, k).filter((i) => positive[i]).length / k;
}

export interface EvalReport {
  setting: string;
  items: number;
  top1: number;
  suggestedTop1: number;
  noMatch: number;
  noSuggestion: number;
  perPersona: { name: string; p10: number; p100: number; auc: number }[];
  threshold: number;
  precision: number;
  recall: number;
  /** The lowest threshold at which ≥ 90% of item × persona pairs above it are right, and its recall. */
  calibrated: { threshold: number; precision: number; recall: number } | null;
  seconds: number;
}

/** Lowest score threshold whose precision (over all item × persona pairs above it) is at least `target`. */
function calibrate(kept: { label: number; scores: number[] }[], target: number): EvalReport['calibrated'] {
  const pairs = kept.flatMap((k) => k.scores.map((s, j) => ({ s, right: k.label === j }))).sort((a, b) => b.s - a.s);
  let right = 0;
  let best: EvalReport['calibrated'] = null;
  for (let i = 0; i < pairs.length; i++) {
    if (pairs[i]!.right) right++;
    const next = pairs[i + 1];
    if (next && next.s === pairs[i]!.s) continue; // a threshold sits between distinct scores
    const precision = right / (i + 1);
    if (precision >= target && pairs[i]!.s > 0) best = { threshold: pairs[i]!.s, precision, recall: right / kept.length };
  }
  return best;
}

export async function evaluate(setting: string, items: Item[], options: BatchOptions, skip: Set<number> = new Set()): Promise<EvalReport> {
  const t0 = performance.now();
  const score = createBatchScorer(options);
  const names = options.personas.map((p) => p.name);
  const kept: { label: number; best: number; argmax: number; scores: number[] }[] = [];
  for (const [i, item] of items.entries()) {
    if (skip.has(i)) continue;
    const r = await score({ id: i, title: item.title, text: item.text });
    const scores = names.map((n) => r.scores[n] ?? 0);
    const argmax = scores.indexOf(Math.max(...scores));
    const top = Math.max(...scores);
    kept.push({ label: item.label, best: r.best === null ? -1 : names.indexOf(r.best), argmax: top > 0 ? argmax : -1, scores });
  }
  const n = kept.length;
  let tp = 0;
  let above = 0;
  for (const k of kept)
    for (const [j, s] of k.scores.entries())
      if (s >= options.threshold) {
        above++;
        if (k.label === j) tp++;
      }
  return {
    setting,
    items: n,
    top1: kept.filter((k) => k.argmax === k.label).length / n,
    suggestedTop1: kept.filter((k) => k.best === k.label).length / n,
    noMatch: kept.filter((k) => k.argmax === -1).length / n,
    noSuggestion: kept.filter((k) => k.best === -1).length / n,
    perPersona: names.map((name, j) => {
      const s = kept.map((k) => k.scores[j]!);
      const pos = kept.map((k) => k.label === j);
      return { name, p10: precisionAt(s, pos, 10), p100: precisionAt(s, pos, 100), auc: auc(s, pos) };
    }),
    threshold: options.threshold,
    precision: above ? tp / above : NaN,
    recall: tp / n,
    calibrated: calibrate(kept, 0.9),
    seconds: (performance.now() - t0) / 1000,
  };
}

const f = (x: number) => (Number.isNaN(x) ? '–' : x.toFixed(3));

export function formatReport(r: EvalReport): string {
  const lines = [
    `### ${r.setting}`,
    '',
    `${r.items} items scored in ${r.seconds.toFixed(1)} s. Top-1 persona accuracy **${f(r.top1)}** (the best-scoring persona; "no match", when every persona scores 0, counts as wrong); no match ${(r.noMatch * 100).toFixed(1)}%.`,
    `With the threshold: the suggested persona is right for ${f(r.suggestedTop1)} of items; ${(r.noSuggestion * 100).toFixed(1)}% get no suggestion.`,
    `Threshold ${r.threshold}: precision ${f(r.precision)}, recall ${f(r.recall)} (over item × persona pairs above it).`,
    r.calibrated
      ? `Calibrated: the lowest threshold with ≥ 90% precision is ${r.calibrated.threshold.toFixed(3)} (precision ${f(r.calibrated.precision)}, recall ${f(r.calibrated.recall)}).`
      : 'Calibrated: no threshold reaches 90% precision.',
    '',
    '| persona | P@10 | P@100 | AUC |',
    '|---|---|---|---|',
    ...r.perPersona.map((p) => `| ${p.name} | ${f(p.p10)} | ${f(p.p100)} | ${f(p.auc)} |`),
    '',
  ];
  return lines.join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { data: { type: 'string' }, model: { type: 'string' }, limit: { type: 'string' }, threshold: { type: 'string' } } });
  const parsed = parsePersonaFile(readFileSync(`${ROOT}tests/eval/personas.json`, 'utf8'));
  if (!parsed.ok) throw new Error(parsed.error);
  const personas = parsed.file.personas.map((p) => ({ id: p.name, name: p.name, description: p.description, keywords: p.keywords, avoid: p.avoid }));
  let items = readItems(values.data ?? DEFAULT_DATA);
  if (values.limit) items = items.slice(0, Number(values.limit));
  const threshold = values.threshold ? Number(values.threshold) : DEFAULT_THRESHOLD;

  const reports: EvalReport[] = [];
  reports.push(await evaluate('Zero-shot, lexical', items, { personas, threshold }));
  process.stdout.write(formatReport(reports.at(-1)!) + '\n');

  const modelDir = values.model ?? TINY;
  if (!values.model && !existsSync(join(TINY, 'onnx/model_quantized.onnx'))) makeTestModel(TINY, 'tiny', readFileSync(values.data ?? DEFAULT_DATA, 'utf8'));
  const semantic = await loadLocalModel(modelDir);
  reports.push(await evaluate(`Hybrid, ${values.model ? `model ${values.model}` : 'tiny test model (proves the path only)'}`, items, { personas, threshold, semantic }));
  process.stdout.write(formatReport(reports.at(-1)!) + '\n');

  // Few-shot: the first five items of each label become that persona's examples, applied exactly as
  // curated items are, and are left out of the scoring.
  const skip = new Set<number>();
  const fewShot = personas.map((p, label) => {
    const examples = items
      .map((item, i) => ({ item, i }))
      .filter(({ item }) => item.label === label)
      .slice(0, 5);
    for (const { i } of examples) skip.add(i);
    return { ...p, examples: examples.map(({ item }) => ({ positive: true, title: item.title, text: item.text })) };
  });
  reports.push(await evaluate('Few-shot, lexical (5 curated examples a persona)', items, { personas: fewShot, threshold }, skip));
  process.stdout.write(formatReport(reports.at(-1)!) + '\n');
}

const isMain = process.argv[1] && new URL(import.meta.url).pathname === process.argv[1];
if (isMain)
  void main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
