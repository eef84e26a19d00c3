/**
 * npm run eval — relevance on labelled news, through the same lib/ code as the extension and the
 * score CLI (lib/core/score/pipeline: word matching, then the model).
 *
 * Scores ../shared/data/agnews/test.csv (7,600 items, 4 topics) against the
 * four personas in tests/eval/personas.json (a name, one sentence and up to
 * five keywords each, as a person writes them in seconds). Items are seen one
 * at a time in file order; labels are used only to measure.
 *
 *   npm run eval [-- --data FILE] [--model DIR] [--limit N] [--offset N] [--fusion JSON [--alone]] [--only zero|few|picks] [--pages DIR]
 *
 * Settings: zero-shot and few-shot (five curated examples a persona), each
 * lexical, the model alone ("semantic") and hybrid. The model is --model DIR,
 * else the built-in node_modules/.cache/persona-curator/use-lite when present,
 * else the tiny test model (generated if missing: it proves the path, not the
 * quality). Embeddings are cached on disk (node_modules/.cache/persona-curator/
 * embeddings), keyed by the model's files and the text: a second run embeds
 * nothing. --fusion overrides fusion settings (lib/core/score/fusion FUSION), to
 * measure neighbours (--alone adds the model alone for each); --offset/--limit pick a split (e.g. a
 * held-out half). --pages DIR reads the full-length pages there (DIR/NAME/source.html, extracted as
 * the extension does) after the news, and lists which are marked "Post this" and for whom.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { makeTestModel } from './make-test-model';
import { AGNEWS_CSV } from './shared-data';
import { parseArgs } from 'node:util';
import { readNews } from './agnews';
import { loadLocalModel } from '../lib/model/local';
import { parsePersonaFile } from '../lib/core/personas/transfer';
import { DEFAULT_THRESHOLD, emptyStats, type ScoringPersona } from '../lib/core/score';
import type { PersonaScore } from '../lib/core/score/lexical';
import type { Embed } from '../lib/core/score/hybrid';
import { modelScores, wordScores } from '../lib/core/score/pipeline';
import { FUSION, emptyMemory, type FusionSettings } from '../lib/core/score/fusion';
import { personaText, toPassages } from '../lib/core/score/semantic';
import { markPostThis, type PostThisRule } from '../lib/core/score/strength';
import type { ModelInfo } from '../lib/model/catalog';
import { setI18nApi } from '../lib/i18n/i18n';
import { fakeI18n } from '../lib/i18n/node';
import { cachedEmbed, modelFingerprint } from './embedding-cache';

// Messages (import errors and the like) in English, as the browser gives them by default.
setI18nApi(fakeI18n('en'));

const ROOT = new URL('../', import.meta.url).pathname;
const CACHE = join(ROOT, 'node_modules/.cache/persona-curator');
const TINY = join(CACHE, 'tiny');
/** The real model, where the build puts it (npm run eval uses it when present). */
const BUILT_IN = join(CACHE, 'use-lite');
const DEFAULT_DATA = AGNEWS_CSV;

interface Item {
  /** AG News topic (0–3), or -1 for a held-out page with no label (--pages). */
  label: number;
  /** A held-out page's folder name. */
  page?: string;
  title: string;
  text: string;
}

function readItems(path: string): Item[] {
  return readNews(path);
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
  /** Over item × persona pairs at or above the threshold. */
  precision: number;
  recall: number;
  /** "Post this" as the views show it: of the items whose top persona is marked "Post this", the share where it is right. */
  postPrecision: number;
  /** The share of items whose right persona is marked "Post this". */
  postRecall: number;
  /** The lowest threshold at which ≥ 90% of item × persona pairs above it are right, and its recall. */
  calibrated: { threshold: number; precision: number; recall: number } | null;
  /** "Post this" at other thresholds: right for what share of the items marked so, and the share of items whose right persona gets it. */
  curve: { threshold: number; precision: number; recall: number }[];
  /** "Post this" under other rules (lead, strong): right for what share of the items marked so, and the share whose right persona gets it. */
  rules: { rule: PostThisRule; precision: number; recall: number }[];
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

/** Measures ranked scores against the labels. */
export function measure(setting: string, names: string[], all: { label: number; ranked: PersonaScore[] }[], threshold: number, seconds: number): EvalReport {
  const results = all.filter((r) => r.label >= 0);
  const kept = results.map(({ label, ranked }) => {
    const byName = new Map(ranked.map((s) => [s.name, s.score]));
    const scores = names.map((n) => byName.get(n) ?? 0);
    const top = Math.max(...scores);
    const first = ranked[0];
    return { label, scores, argmax: top > 0 ? scores.indexOf(top) : -1, best: first && first.suggested ? names.indexOf(first.name) : -1 };
  });
  const n = kept.length;
  let tp = 0;
  let above = 0;
  for (const k of kept)
    for (const [j, s] of k.scores.entries())
      if (s >= threshold) {
        above++;
        if (k.label === j) tp++;
      }
  const suggested = kept.filter((k) => k.best !== -1);
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
    threshold,
    precision: above ? tp / above : NaN,
    recall: tp / n,
    postPrecision: suggested.length ? suggested.filter((k) => k.best === k.label).length / suggested.length : NaN,
    postRecall: results.filter(({ label, ranked }) => ranked.some((s) => s.suggested && s.name === names[label])).length / n,
    calibrated: calibrate(kept, 0.9),
    curve: [0.35, 0.4, 0.45, 0.5, 0.55].map((t) => {
      const marked = kept.filter((k) => Math.max(...k.scores) >= t);
      const right = marked.filter((k) => k.scores[k.label]! === Math.max(...k.scores)).length;
      return { threshold: t, precision: marked.length ? right / marked.length : NaN, recall: kept.filter((k) => k.scores[k.label]! >= t).length / n };
    }),
    rules: POST_RULES.map((rule) => {
      const marked = results.map(({ label, ranked }) => ({ label, ranked: markPostThis(ranked, threshold, rule) }));
      const top = marked.filter(({ ranked }) => ranked[0]?.suggested);
      return {
        rule,
        precision: top.length ? top.filter(({ label, ranked }) => ranked[0]!.name === names[label]).length / top.length : NaN,
        recall: marked.filter(({ label, ranked }) => ranked.some((s) => s.suggested && s.name === names[label])).length / n,
      };
    }),
    seconds,
  };
}

/** "Post this" rules measured beside the one in use (lib/core/score/strength): the lead needed, and the score that needs none. */
const POST_RULES: PostThisRule[] = [
  { lead: 0, strong: 0 },
  { lead: 0.1, strong: 0.2 },
  { lead: 0.15, strong: 0.2 },
  { lead: 0.2, strong: 0.2 },
  { lead: 0.2, strong: 0.25 },
  { lead: 0.25, strong: 0.15 },
  { lead: 0.25, strong: 0.2 },
  { lead: 0.25, strong: 0.25 },
  { lead: 0.3, strong: 0.2 },
];

interface LexicalRun {
  label: number;
  name?: string;
  page: { title: string; text: string };
  language: string;
  scores: PersonaScore[];
  seconds: number;
}

/** The word matching over the items in order (learning from them as the extension does), kept for the model's runs. */
function lexicalRun(items: Item[], personas: readonly ScoringPersona[], threshold: number, skip: Set<number>): LexicalRun[] {
  const stats = emptyStats();
  const out: LexicalRun[] = [];
  for (const [i, item] of items.entries()) {
    if (skip.has(i)) continue;
    const t0 = performance.now();
    const page = { title: item.title, text: item.text };
    const r = wordScores({ ...page, lang: null }, personas, stats, threshold);
    out.push({ label: item.label, ...(item.page ? { name: item.page } : {}), page, language: r.language, scores: r.scores, seconds: (performance.now() - t0) / 1000 });
  }
  return out;
}

interface Semantic {
  info: ModelInfo;
  embed: Embed;
}

/** The model over the same items, in order: hybrid (added to the word matching) or alone. Learns as the extension does. */
async function modelRun(runs: LexicalRun[], personas: readonly ScoringPersona[], semantic: Semantic, threshold: number, mode: 'hybrid' | 'semantic', settings: FusionSettings) {
  const memory = emptyMemory();
  const out: { label: number; ranked: PersonaScore[] }[] = [];
  let seconds = 0;
  for (const [i, run] of runs.entries()) {
    const t0 = performance.now();
    const r = await modelScores({
      page: run.page,
      hash: String(i),
      lexical: run,
      personas,
      threshold,
      model: semantic,
      memory,
      learn: true,
      tuning: { settings, ...(mode === 'semantic' ? { forceMode: 'semantic' as const } : {}) },
    });
    seconds += (performance.now() - t0) / 1000 + run.seconds;
    out.push({ label: run.label, ranked: r.scores });
  }
  return { results: out, seconds };
}

/** FUSION with some settings replaced; a nested setting (weights, linear) keeps the keys it does not name. */
function withOverrides(o: Partial<FusionSettings>): FusionSettings {
  const out = structuredClone(FUSION) as FusionSettings;
  for (const [k, v] of Object.entries(o)) {
    const key = k as keyof FusionSettings;
    const base = out[key];
    (out as Record<string, unknown>)[key] = typeof base === 'object' && typeof v === 'object' ? { ...base, ...v } : v;
  }
  return out;
}

/** The held-out pages (--pages DIR), read after AG News: which are marked "Post this", and for whom. */
async function readPages(dir: string): Promise<Item[]> {
  const { extractFromHtml } = await import('../lib/core/extract/from-html');
  const out: Item[] = [];
  for (const name of readdirSync(dir).sort()) {
    const file = join(dir, name, 'source.html');
    if (!existsSync(file)) continue;
    const snap = extractFromHtml(readFileSync(file, 'utf8'), `https://pages.example/${name}/`);
    if (snap.notArticle || !snap.text.trim()) continue;
    out.push({ label: -1, page: name, title: snap.title, text: snap.text });
  }
  return out;
}

function pagesLine(setting: string, runs: readonly LexicalRun[], results: readonly { label: number; ranked: PersonaScore[] }[]): string {
  const pages = results.map((r, i) => ({ r, name: runs[i]?.name })).filter(({ r, name }) => r.label < 0 && name);
  const marked = pages.filter(({ r }) => r.ranked[0]?.suggested);
  return `  held-out pages, ${setting}: ${marked.length} of ${pages.length} marked "Post this": ${marked.map(({ r, name }) => `${name} (${r.ranked[0]!.name.replace(/ Desk$/, '')} ${r.ranked[0]!.score})`).join(', ')}\n`;
}

const f = (x: number) => (Number.isNaN(x) ? '–' : x.toFixed(3));

export function formatReport(r: EvalReport): string {
  const lines = [
    `### ${r.setting}`,
    '',
    `${r.items} items scored in ${r.seconds.toFixed(1)} s. Top-1 persona accuracy **${f(r.top1)}** (the best-scoring persona; "no match", when every persona scores 0, counts as wrong); no match ${(r.noMatch * 100).toFixed(1)}%.`,
    `With the threshold: the suggested persona is right for ${f(r.suggestedTop1)} of items; ${(r.noSuggestion * 100).toFixed(1)}% get no suggestion.`,
    `"Post this": right for ${f(r.postPrecision)} of the items whose top persona is marked so; the right persona is marked "Post this" for ${f(r.postRecall)} of items.`,
    `"Post this" under other rules (lead / strong: right / right persona gets it): ${r.rules.map((c) => `${c.rule.lead}/${c.rule.strong}: ${f(c.precision)}/${f(c.recall)}`).join(', ')}.`,
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

/** One line: top-1, suggested and right, "Post this" precision and recall, AUC per persona. */
function summary(r: EvalReport): string {
  const curve = r.curve.map((c) => `${c.threshold}: ${f(c.precision)}/${f(c.recall)}`).join(' ');
  const rules = r.rules.map((c) => `${c.rule.lead}/${c.rule.strong}: ${f(c.precision)}/${f(c.recall)}`).join(' ');
  return `top-1 ${f(r.top1)} · suggested-and-right ${f(r.suggestedTop1)} · post-this right ${f(r.postPrecision)} · right gets post-this ${f(r.postRecall)} · AUC ${r.perPersona.map((p) => f(p.auc)).join('/')} · post-this right/recall by threshold ${curve} · by rule (lead/strong) ${rules}`;
}

/** Every figure the issue gates on, lexical against hybrid, in one table. */
function gates(pairs: { name: string; lexical: EvalReport; hybrid: EvalReport; top1Goal: number }[]): string {
  const lines = ['### Gates', '', '| setting | measure | lexical | hybrid | goal | |', '|---|---|---|---|---|---|'];
  const row = (setting: string, measure: string, lex: number, hyb: number, goal: string, ok: boolean) =>
    lines.push(`| ${setting} | ${measure} | ${f(lex)} | ${f(hyb)} | ${goal} | ${ok ? 'met' : '**not met**'} |`);
  for (const { name, lexical, hybrid, top1Goal } of pairs) {
    row(name, 'top-1', lexical.top1, hybrid.top1, `≥ ${top1Goal}, ≥ lexical`, hybrid.top1 >= top1Goal && hybrid.top1 >= lexical.top1);
    row(name, 'suggested and right', lexical.suggestedTop1, hybrid.suggestedTop1, '≥ lexical', hybrid.suggestedTop1 >= lexical.suggestedTop1);
    for (const [j, p] of hybrid.perPersona.entries()) row(name, `AUC ${p.name}`, lexical.perPersona[j]!.auc, p.auc, '≥ lexical', p.auc >= lexical.perPersona[j]!.auc);
    row(name, '"Post this" right', lexical.postPrecision, hybrid.postPrecision, '≥ 0.9', hybrid.postPrecision >= 0.9);
    row(
      name,
      'right persona gets "Post this"',
      lexical.postRecall,
      hybrid.postRecall,
      name.toLowerCase().startsWith('zero') ? '≥ 0.6' : '≥ lexical',
      hybrid.postRecall >= (name.toLowerCase().startsWith('zero') ? 0.6 : lexical.postRecall),
    );
  }
  return lines.join('\n') + '\n';
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      data: { type: 'string' },
      model: { type: 'string' },
      limit: { type: 'string' },
      offset: { type: 'string' },
      threshold: { type: 'string' },
      fusion: { type: 'string' },
      only: { type: 'string' },
      alone: { type: 'boolean' },
      pages: { type: 'string' },
    },
  });
  const t0 = performance.now();
  const parsed = parsePersonaFile(readFileSync(`${ROOT}tests/eval/personas.json`, 'utf8'));
  if (!parsed.ok) throw new Error(parsed.error);
  const personas = parsed.file.personas.map((p) => ({ id: p.name, name: p.name, description: p.description, keywords: p.keywords, avoid: p.avoid }));
  const names = personas.map((p) => p.name);
  let items = readItems(values.data ?? DEFAULT_DATA);
  const offset = Number(values.offset ?? 0);
  items = items.slice(offset, values.limit ? offset + Number(values.limit) : undefined);
  // Held-out full-length pages with no labels, read after the news: they are measured apart.
  if (values.pages) items = [...items, ...(await readPages(values.pages))];
  const threshold = values.threshold ? Number(values.threshold) : DEFAULT_THRESHOLD;
  // --fusion: one object (other settings for the whole report) or a list of them (one summary line each: neighbours).
  const overrides = values.fusion ? (JSON.parse(values.fusion) as Partial<FusionSettings> | Partial<FusionSettings>[]) : {};
  const sweep = Array.isArray(overrides) ? overrides.map(withOverrides) : null;
  const settings: FusionSettings = withOverrides(Array.isArray(overrides) ? {} : overrides);
  if (values.fusion && !sweep) process.stdout.write(`Fusion settings: ${JSON.stringify(settings)}\n\n`);

  // The model: --model, else the built-in one when present, else the tiny test model.
  const modelDir = values.model ?? (existsSync(join(BUILT_IN, 'config.json')) ? BUILT_IN : TINY);
  if (modelDir === TINY && !existsSync(join(TINY, 'onnx/model_quantized.onnx'))) makeTestModel(TINY, 'tiny', readFileSync(values.data ?? DEFAULT_DATA, 'utf8'));
  const loaded = await loadLocalModel(modelDir);
  const modelName = modelDir === TINY ? 'tiny test model (proves the path only)' : `model ${modelDir}`;
  // The model's own token limit, when its tokenizer says it: longer windows would be cut silently.
  const tokenizerConfig = join(modelDir, 'tokenizer_config.json');
  const maxLength = existsSync(tokenizerConfig) ? Number((JSON.parse(readFileSync(tokenizerConfig, 'utf8')) as { model_max_length?: number }).model_max_length) : NaN;
  const info: ModelInfo = { ...loaded.info, maxTokens: Number.isFinite(maxLength) && maxLength > 0 ? Math.min(loaded.info.maxTokens, maxLength) : loaded.info.maxTokens };
  const disk = cachedEmbed(loaded.embed, join(CACHE, 'embeddings'), modelFingerprint(modelDir));

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

  // Embed everything once, in large batches sorted by length; later runs read the disk cache.
  const e0 = performance.now();
  const passages = items.flatMap((item) => toPassages(item.title, item.text, info.maxTokens).texts);
  const examples = fewShot.flatMap((p) => p.examples.map((e) => `${e.title}\n${e.text.slice(0, 1_000)}`.trim()));
  await disk.prefill(personas.map(personaText), 'query');
  await disk.prefill([...passages, ...examples], 'passage', (done, total) => process.stderr.write(`\rembedding ${done}/${total}`));
  process.stderr.write('\n');
  const embedSeconds = (performance.now() - e0) / 1000;
  process.stdout.write(`Model: ${modelName}. ${disk.embedded} texts embedded in ${embedSeconds.toFixed(1)} s (the rest from the disk cache).\n\n`);
  const semantic = { info, embed: disk.embed };

  const pairs: Parameters<typeof gates>[0] = [];
  const run = async (name: string, ps: readonly ScoringPersona[], skipped: Set<number>, top1Goal: number) => {
    const lex = lexicalRun(items, ps, threshold, skipped);
    const lexSeconds = lex.reduce((s, r) => s + r.seconds, 0);
    const lexResults = lex.map((r) => ({ label: r.label, ranked: r.scores }));
    const lexical = measure(`${name}, lexical`, names, lexResults, threshold, lexSeconds);
    if (sweep) {
      process.stdout.write(`${name}: lexical ${summary(lexical)}\n`);
      if (values.pages) process.stdout.write(pagesLine('lexical', lex, lexResults));
      for (const s of sweep) {
        const hybridRun = (await modelRun(lex, ps, semantic, threshold, 'hybrid', s)).results;
        const both = measure('', names, hybridRun, threshold, 0);
        process.stdout.write(`${name}: ${JSON.stringify(s)}\n  hybrid ${summary(both)}\n`);
        if (values.pages) process.stdout.write(pagesLine('hybrid', lex, hybridRun));
        if (values.alone) process.stdout.write(`  alone ${summary(measure('', names, (await modelRun(lex, ps, semantic, threshold, 'semantic', s)).results, threshold, 0))}\n`);
      }
      return;
    }
    process.stdout.write(formatReport(lexical) + '\n');
    const alone = await modelRun(lex, ps, semantic, threshold, 'semantic', settings);
    process.stdout.write(formatReport(measure(`${name}, ${modelName} alone`, names, alone.results, threshold, alone.seconds - lexSeconds)) + '\n');
    const both = await modelRun(lex, ps, semantic, threshold, 'hybrid', settings);
    const hybrid = measure(`${name}, hybrid, ${modelName}`, names, both.results, threshold, both.seconds);
    process.stdout.write(formatReport(hybrid) + '\n');
    if (values.pages) process.stdout.write(pagesLine('lexical', lex, lexResults) + pagesLine('hybrid', lex, both.results) + '\n');
    pairs.push({ name, lexical, hybrid, top1Goal });
  };
  if (values.only !== 'few' && values.only !== 'picks') await run('Zero-shot', personas, new Set(), 0.8);
  if (values.only !== 'zero' && values.only !== 'picks') await run('Few-shot (5 curated examples a persona)', fewShot, skip, 0.86);
  if (!sweep && values.only !== 'picks') process.stdout.write(gates(pairs) + '\n');
  // Picks on front pages (scripts/eval-picks.ts): zero-shot, on AG News alone (not the --pages held-out pages).
  if (!sweep && values.only !== 'few' && values.only !== 'zero') {
    const { evalPicks } = await import('./eval-picks');
    process.stdout.write(
      await evalPicks(
        items.filter((i) => i.label >= 0),
        personas,
        threshold,
        semantic,
        modelName,
      ),
    );
  }
  process.stdout.write(`Whole evaluation: ${((performance.now() - t0) / 1000).toFixed(1)} s.\n`);
}

const isMain = process.argv[1] && new URL(import.meta.url).pathname === process.argv[1];
if (isMain)
  void main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
