// @vitest-environment node
/**
 * The converted Universal Sentence Encoder Lite against the package it was
 * converted from: the TF.js graph model run by TF.js itself (tests/unit/use-lite/reference.ts),
 * and a SentencePiece tokenizer written from the vocabulary.
 */
import { env, pipeline, AutoTokenizer, type FeatureExtractionPipeline, type PreTrainedTokenizer } from '@huggingface/transformers';
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureUseLite } from '../../../scripts/use-lite/convert';
import { readTfModel } from '../../../scripts/use-lite/tfjs-model';
import { AGNEWS_CSV } from '../../../scripts/shared-data';
import { referenceEmbed, referenceTokenizer } from './reference';

const vocab = readTfModel().vocab;
const reference = referenceTokenizer(vocab);
let tokenizer: PreTrainedTokenizer;
let modelId: string;

beforeAll(async () => {
  const { dir } = ensureUseLite();
  env.allowRemoteModels = false;
  env.localModelPath = `${dirname(dir)}/`;
  modelId = basename(dir);
  tokenizer = await AutoTokenizer.from_pretrained(modelId);
});

const EDGE_CASES = [
  // numbers
  '2024',
  '3.14159',
  '1,000,000 people',
  '111 and 000 and 007',
  '-42°C at 10:45pm',
  // accents, composed and decomposed (NFKC joins them), and compatibility forms
  'Café crème brûlée',
  'Cafe\u0301 na\u00efve re\u0301sume\u0301',
  'Ｆｕｌｌｗｉｄｔｈ ﬁne ½',
  // emoji, alone and in runs (a run of unknowns is one id 0)
  'I ❤️ pizza 🍕🍕🍕',
  '👍',
  // scripts the vocabulary does not cover
  '東京は日本の首都です',
  'Привет, мир',
  'مرحبا بالعالم',
  'नमस्ते दुनिया',
  // spacing, control symbols written as text, the replacement character
  '  two  spaces ',
  'a\tb\nc',
  '<s> tag </s> extra_token_id_1',
  'x\uFFFDy',
  // one token
  'Hi',
];

const agNews = (): string[] =>
  existsSync(AGNEWS_CSV)
    ? readFileSync(AGNEWS_CSV, 'utf8')
        .split('\n')
        .slice(1)
        .filter(Boolean)
        .map((line) => line.replace(/^\d,/, '').replace(/"/g, '').replace(/\\/g, ' '))
    : [];

// pipeline()'s overloads are too complex for tsc to resolve here.
const extractor = (dtype: 'fp32' | 'q8') => (pipeline as unknown as (task: string, model: string, o: object) => Promise<FeatureExtractionPipeline>)('feature-extraction', modelId, { dtype });

/** The total log-probability of a segmentation (unknowns count 0): equal totals are a Viterbi tie. */
const total = (ids: number[]) => ids.reduce((s, id) => s + (id === 0 ? 0 : vocab[id]![1]), 0);

describe('tokenizer.json in transformers.js', () => {
  it('gives the ids the reference tokenizer gives on numbers, accents, emoji and uncovered scripts', () => {
    for (const text of EDGE_CASES) {
      const ids = tokenizer.encode(text);
      expect(ids, text).toEqual(reference(text));
      // Not ties: the rule tfjs-models' tokenizer uses gives the same.
      expect(ids, text).toEqual(reference(text, 'last'));
    }
    // The cases exercise what they claim to: unknowns merged, one id for "Hi".
    expect(tokenizer.encode('🍕🍕🍕')).toEqual([30, 0]);
    expect(tokenizer.encode('Hi')).toHaveLength(1);
    expect(tokenizer.encode('<s> tag </s> extra_token_id_1')).not.toContain(1);
  });

  it('matches SentencePiece on 1,000 news items; the tfjs-models rule differs only where two segmentations tie', () => {
    const lines = agNews().slice(0, 1000);
    expect(lines.length).toBe(1000);
    let ties = 0;
    for (const text of lines) {
      const ids = tokenizer.encode(text);
      expect(ids).toEqual(reference(text));
      const other = reference(text, 'last');
      if (other.join() !== ids.join()) {
        ties++;
        expect(total(other)).toBeCloseTo(total(ids), 9);
      }
    }
    expect(ties).toBeLessThan(10);
  });
});

describe('the converted model against TF.js running the package', () => {
  const handWritten = [
    'The stock market rose today',
    'Shares climbed on Wall Street',
    'The football team won the match',
    'How do I bake sourdough bread at home?',
    'Quarterly earnings beat analyst expectations despite supply chain issues.',
    'A new vaccine trial shows promising results against malaria.',
    'Climate change is accelerating the melting of Arctic sea ice.',
    'Python 3.12 adds better error messages and faster startup.',
    'i love this!!!',
    'NASA launches a telescope to study exoplanet atmospheres',
    'The city council voted 7-2 to approve the new bike lanes.',
    'Café owners in Paris brace for the Olympic crowds.',
  ];
  const longText = Array.from({ length: 7 }, (_, i) => `Paragraph ${i + 1}: the committee reviewed the budget, the schedule and the risks before the final vote.`).join(' ');
  let texts: string[];
  let ids: number[][];
  const theirs: number[][] = [];

  beforeAll(async () => {
    // News headlines (short: TF.js runs in pure JS here, slowly) from all four topics.
    const headlines = agNews()
      .filter((_, i) => i % 101 === 0)
      .map((line) => line.split(',')[0]!)
      .slice(0, 20);
    texts = [...handWritten, ...EDGE_CASES, longText, ...headlines];
    ids = texts.map((t) => tokenizer.encode(t));
    // Batches of similar length, so little is padded.
    const order = texts.map((_, i) => i).sort((a, b) => ids[a]!.length - ids[b]!.length);
    for (let i = 0; i < order.length; i += 16) {
      const batch = order.slice(i, i + 16);
      const vectors = await referenceEmbed(batch.map((k) => ids[k]!));
      batch.forEach((k, j) => (theirs[k] = vectors[j]!));
    }
  }, 240_000);

  const cosines = async (dtype: 'fp32' | 'q8') => {
    const pipe = await extractor(dtype);
    const ours = (await pipe(texts, { pooling: 'mean', normalize: true })).tolist() as number[][];
    return ours.map((v, i) => v.reduce((s, x, j) => s + x * theirs[i]![j]!, 0));
  };

  it('covers at least 50 varied texts, one of one token and one longer than 128', () => {
    expect(texts.length).toBeGreaterThanOrEqual(50);
    expect(ids.some((x) => x.length === 1)).toBe(true);
    expect(Math.max(...texts.map((t) => reference(t).length))).toBeGreaterThan(128);
    // TF.js gets every id and clips at 128 itself (ClipToMaxLength); transformers.js truncates to 128 before the model.
    const encode = tokenizer as unknown as (text: string, options: object) => { input_ids: { dims: number[] } };
    expect(encode(longText, { truncation: true }).input_ids.dims).toEqual([1, 128]);
  });

  it('fp32: cosine >= 0.999 with TF.js on every text (in practice within 1e-6)', async () => {
    const cos = await cosines('fp32');
    for (const [i, c] of cos.entries()) expect(c, texts[i]).toBeGreaterThan(0.999999);
  });

  it('q8 (8-bit weights): cosine >= 0.999 with TF.js on every text', async () => {
    const cos = await cosines('q8');
    for (const [i, c] of cos.entries()) expect(c, texts[i]).toBeGreaterThan(0.999);
  });

  it('says related news are closer than unrelated news', async () => {
    const pipe = await extractor('q8');
    const [a, b, c] = (await pipe(['The stock market rose today', 'Shares climbed on Wall Street', 'The football team won the match'], { pooling: 'mean', normalize: true })).tolist() as number[][];
    const dot = (x: number[], y: number[]) => x.reduce((s, v, i) => s + v * y[i]!, 0);
    expect(dot(a!, b!)).toBeGreaterThan(0.5);
    expect(dot(a!, c!)).toBeLessThan(0.25);
  });
});
