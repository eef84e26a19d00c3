/**
 * Writes a model folder that transformers.js loads, generated here (no weights
 * are downloaded or committed):
 *
 *   npm run make-test-model -- DIR [--shape tiny|minilm] [--corpus FILE]
 *
 * - tiny: a deterministic token-embedding model (dim 64). Each word's vector is
 *   seeded by the word itself, so with mean pooling texts that share words come
 *   out similar. For tests: it proves the path, not the quality.
 * - minilm: a BERT with random weights in all-MiniLM-L6-v2's exact shape
 *   (6 layers, hidden 384, 12 heads, intermediate 1536, vocab 30522), for timing.
 *
 * Files: config.json, tokenizer.json, tokenizer_config.json, onnx/model.onnx and
 * the same graph as onnx/model_quantized.onnx (browsers default to dtype q8,
 * which reads that name). IR 8 / opset 17, which ONNX Runtime 1.21 loads.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { eng, fra } from 'stopword';
import { DataType, encodeModel, type Graph, type Node, type Tensor } from './onnx/proto';
import { AGNEWS_CSV } from './shared-data';

type Shape = 'tiny' | 'minilm';

const SPECIALS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'];
const DEFAULT_CORPUS = AGNEWS_CSV;

function normalizeWord(w: string): string {
  return w.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** A WordPiece vocabulary: specials, characters (so any word tokenises), then the corpus's words by frequency. */
export function buildVocab(corpus: string, size: number): string[] {
  const chars = [...'!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~', ...'0123456789', ...'abcdefghijklmnopqrstuvwxyz'];
  const vocab = [...SPECIALS, ...chars, ...chars.filter((c) => /[a-z0-9]/.test(c)).map((c) => `##${c}`)];
  const seen = new Set(vocab);
  const counts = new Map<string, number>();
  for (const m of corpus.matchAll(/[\p{L}\p{N}]+/gu)) {
    const w = normalizeWord(m[0]);
    if (w.length < 2 || w.length > 30) continue;
    counts.set(w, (counts.get(w) ?? 0) + 1);
  }
  const words = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([w]) => w);
  for (const w of words) {
    if (vocab.length >= size) break;
    if (!seen.has(w)) {
      vocab.push(w);
      seen.add(w);
    }
  }
  for (let i = 0; vocab.length < size; i++) vocab.push(`[unused${i}]`);
  return vocab;
}

function tokenizerJson(vocab: string[]): object {
  const id = (t: string) => vocab.indexOf(t);
  const special = (t: string) => ({ id: id(t), content: t, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true });
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: SPECIALS.map(special),
    normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [{ SpecialToken: { id: '[CLS]', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '[SEP]', type_id: 0 } }],
      pair: [
        { SpecialToken: { id: '[CLS]', type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: '[SEP]', type_id: 0 } },
        { Sequence: { id: 'B', type_id: 1 } },
        { SpecialToken: { id: '[SEP]', type_id: 1 } },
      ],
      special_tokens: {
        '[CLS]': { id: '[CLS]', ids: [id('[CLS]')], tokens: ['[CLS]'] },
        '[SEP]': { id: '[SEP]', ids: [id('[SEP]')], tokens: ['[SEP]'] },
      },
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: { type: 'WordPiece', unk_token: '[UNK]', continuing_subword_prefix: '##', max_input_chars_per_word: 100, vocab: Object.fromEntries(vocab.map((t, i) => [t, i])) },
  };
}

/** mulberry32: a small seeded PRNG, so the same word always gets the same vector. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function hashString(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** Approximately normal values (sum of uniforms), scaled. */
function fillNormal(out: Float32Array, random: () => number, scale: number, offset = 0, count = out.length): void {
  for (let i = 0; i < count; i++) out[offset + i] = (random() + random() + random() + random() - 2) * 1.732 * scale;
}

const f32 = (name: string, dims: number[], data: Float32Array): Tensor => ({ name, dims, dataType: DataType.FLOAT, data });
const i64 = (name: string, dims: number[], values: number[]): Tensor => ({ name, dims, dataType: DataType.INT64, data: BigInt64Array.from(values.map(BigInt)) });
const scalar = (name: string, value: number): Tensor => f32(name, [], Float32Array.of(value));

const INPUTS = ['input_ids', 'attention_mask', 'token_type_ids'].map((name) => ({ name, elemType: DataType.INT64, shape: ['batch', 'sequence'] as (string | number)[] }));

function tinyGraph(vocab: string[], dim: number): Graph {
  const stop = new Set([...eng, ...fra].map(normalizeWord));
  const table = new Float32Array(vocab.length * dim);
  vocab.forEach((token, i) => {
    const random = rng(hashString(token));
    // Specials and punctuation would dominate mean pooling; stop words and word pieces say little.
    const scale = SPECIALS.includes(token) || !/[\p{L}\p{N}]/u.test(token) ? 0.02 : token.startsWith('##') ? 0.3 : stop.has(token) ? 0.15 : 1;
    fillNormal(table, random, scale, i * dim, dim);
  });
  const types = new Float32Array(2 * dim); // token types add nothing, but the input exists like BERT's
  const nodes: Node[] = [
    { op: 'Gather', inputs: ['word_embeddings', 'input_ids'], outputs: ['words'] },
    { op: 'Gather', inputs: ['token_type_embeddings', 'token_type_ids'], outputs: ['types'] },
    { op: 'Add', inputs: ['words', 'types'], outputs: ['embedded'] },
    { op: 'Cast', inputs: ['attention_mask'], outputs: ['mask_f'], attributes: [{ name: 'to', int: DataType.FLOAT }] },
    { op: 'Unsqueeze', inputs: ['mask_f', 'axes_last'], outputs: ['mask_3d'] },
    { op: 'Mul', inputs: ['embedded', 'mask_3d'], outputs: ['last_hidden_state'] },
  ];
  return {
    name: 'tiny-token-embedding',
    nodes,
    initializers: [f32('word_embeddings', [vocab.length, dim], table), f32('token_type_embeddings', [2, dim], types), i64('axes_last', [1], [-1])],
    inputs: INPUTS,
    outputs: [{ name: 'last_hidden_state', elemType: DataType.FLOAT, shape: ['batch', 'sequence', dim] }],
  };
}

interface BertShape {
  layers: number;
  hidden: number;
  heads: number;
  intermediate: number;
  maxPositions: number;
}

function bertGraph(vocabSize: number, s: BertShape): Graph {
  const random = rng(42);
  const nodes: Node[] = [];
  const inits: Tensor[] = [];
  const weight = (name: string, dims: number[], scale = 0.02) => {
    const data = new Float32Array(dims.reduce((a, b) => a * b, 1));
    fillNormal(data, random, scale);
    inits.push(f32(name, dims, data));
    return name;
  };
  const constant = (name: string, dims: number[], value: number) => {
    inits.push(f32(name, dims, new Float32Array(dims.reduce((a, b) => a * b, 1)).fill(value)));
    return name;
  };
  let n = 0;
  const op = (type: string, inputs: string[], attributes?: Node['attributes']) => {
    const out = `${type.toLowerCase()}_${n++}`;
    nodes.push({ op: type, inputs, outputs: [out], ...(attributes ? { attributes } : {}) });
    return out;
  };
  const layerNorm = (x: string, prefix: string) =>
    op(
      'LayerNormalization',
      [x, constant(`${prefix}.gamma`, [s.hidden], 1), constant(`${prefix}.beta`, [s.hidden], 0)],
      [
        { name: 'axis', int: -1 },
        { name: 'epsilon', float: 1e-12 },
      ],
    );
  const linear = (x: string, prefix: string, inDim: number, outDim: number) => op('Add', [op('MatMul', [x, weight(`${prefix}.weight`, [inDim, outDim])]), constant(`${prefix}.bias`, [outDim], 0)]);

  const headDim = s.hidden / s.heads;
  inits.push(i64('one_i', [], [1]), i64('zero_i', [], [0]), i64('heads_shape', [4], [0, 0, s.heads, headDim]), i64('hidden_shape', [3], [0, 0, s.hidden]), i64('axes_12', [2], [1, 2]));
  inits.push(scalar('one_f', 1), scalar('neg_big', -10000), scalar('attn_scale', 1 / Math.sqrt(headDim)), scalar('sqrt2', Math.SQRT2), scalar('half', 0.5));

  // Embeddings: words + positions + token types, then LayerNorm.
  const words = op('Gather', [weight('word_embeddings', [vocabSize, s.hidden]), 'input_ids']);
  const seqLen = op('Gather', [op('Shape', ['input_ids']), 'one_i'], [{ name: 'axis', int: 0 }]);
  const positions = op('Range', ['zero_i', seqLen, 'one_i']);
  const pos = op('Gather', [weight('position_embeddings', [s.maxPositions, s.hidden]), positions]);
  const types = op('Gather', [weight('token_type_embeddings', [2, s.hidden]), 'token_type_ids']);
  let h = layerNorm(op('Add', [op('Add', [words, pos]), types]), 'embeddings.LayerNorm');

  // Attention bias: 0 where attended, -10000 on padding, shaped [batch, 1, 1, seq].
  const mask = op('Unsqueeze', [op('Cast', ['attention_mask'], [{ name: 'to', int: DataType.FLOAT }]), 'axes_12']);
  const bias = op('Mul', [op('Sub', ['one_f', mask]), 'neg_big']);

  for (let l = 0; l < s.layers; l++) {
    const p = `encoder.layer.${l}`;
    const split = (x: string, perm: number[]) => op('Transpose', [op('Reshape', [x, 'heads_shape'])], [{ name: 'perm', ints: perm }]);
    const q = split(linear(h, `${p}.attention.self.query`, s.hidden, s.hidden), [0, 2, 1, 3]);
    const k = split(linear(h, `${p}.attention.self.key`, s.hidden, s.hidden), [0, 2, 3, 1]);
    const v = split(linear(h, `${p}.attention.self.value`, s.hidden, s.hidden), [0, 2, 1, 3]);
    const scores = op('Add', [op('Mul', [op('MatMul', [q, k]), 'attn_scale']), bias]);
    const probs = op('Softmax', [scores], [{ name: 'axis', int: -1 }]);
    const context = op('Reshape', [op('Transpose', [op('MatMul', [probs, v])], [{ name: 'perm', ints: [0, 2, 1, 3] }]), 'hidden_shape']);
    const attended = linear(context, `${p}.attention.output.dense`, s.hidden, s.hidden);
    const h1 = layerNorm(op('Add', [attended, h]), `${p}.attention.output.LayerNorm`);
    const ff = linear(h1, `${p}.intermediate.dense`, s.hidden, s.intermediate);
    const gelu = op('Mul', [op('Mul', [ff, 'half']), op('Add', [op('Erf', [op('Div', [ff, 'sqrt2'])]), 'one_f'])]);
    const out = linear(gelu, `${p}.output.dense`, s.intermediate, s.hidden);
    h = layerNorm(op('Add', [out, h1]), `${p}.output.LayerNorm`);
  }
  nodes.push({ op: 'Identity', inputs: [h], outputs: ['last_hidden_state'] });
  return {
    name: 'minilm-shaped-random-bert',
    nodes,
    initializers: inits,
    inputs: INPUTS,
    outputs: [{ name: 'last_hidden_state', elemType: DataType.FLOAT, shape: ['batch', 'sequence', s.hidden] }],
  };
}

export function makeTestModel(dir: string, shape: Shape, corpusText: string): void {
  const tiny = shape === 'tiny';
  const bert: BertShape = { layers: 6, hidden: 384, heads: 12, intermediate: 1536, maxPositions: 512 };
  const vocab = buildVocab(corpusText, tiny ? 20_000 : 30_522);
  const dim = tiny ? 64 : bert.hidden;
  mkdirSync(join(dir, 'onnx'), { recursive: true });
  const config = {
    _name_or_path: `persona-curator/test-${shape}`,
    architectures: ['BertModel'],
    model_type: 'bert',
    hidden_size: dim,
    num_hidden_layers: tiny ? 0 : bert.layers,
    num_attention_heads: tiny ? 1 : bert.heads,
    intermediate_size: tiny ? dim : bert.intermediate,
    max_position_embeddings: 512,
    type_vocab_size: 2,
    vocab_size: vocab.length,
    pad_token_id: 0,
    hidden_act: 'gelu',
    layer_norm_eps: 1e-12,
  };
  writeFileSync(join(dir, 'config.json'), JSON.stringify(config, null, 2));
  writeFileSync(join(dir, 'tokenizer.json'), JSON.stringify(tokenizerJson(vocab)));
  writeFileSync(
    join(dir, 'tokenizer_config.json'),
    JSON.stringify(
      {
        tokenizer_class: 'BertTokenizer',
        do_lower_case: true,
        model_max_length: 512,
        cls_token: '[CLS]',
        sep_token: '[SEP]',
        pad_token: '[PAD]',
        unk_token: '[UNK]',
        mask_token: '[MASK]',
        clean_up_tokenization_spaces: true,
      },
      null,
      2,
    ),
  );
  const model = encodeModel(tiny ? tinyGraph(vocab, dim) : bertGraph(vocab.length, bert));
  writeFileSync(join(dir, 'onnx', 'model.onnx'), model);
  writeFileSync(join(dir, 'onnx', 'model_quantized.onnx'), model);
}

const isMain = process.argv[1] && new URL(import.meta.url).pathname === process.argv[1];
if (isMain) {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { shape: { type: 'string', default: 'tiny' }, corpus: { type: 'string' } } });
  const dir = positionals[0];
  const shape = values.shape as Shape;
  if (!dir || (shape !== 'tiny' && shape !== 'minilm')) {
    process.stderr.write('usage: npm run make-test-model -- DIR [--shape tiny|minilm] [--corpus FILE]\n');
    process.exit(2);
  }
  const corpusPath = values.corpus ?? (existsSync(DEFAULT_CORPUS) ? DEFAULT_CORPUS : new URL('../README.md', import.meta.url).pathname);
  const t0 = performance.now();
  makeTestModel(dir, shape, readFileSync(corpusPath, 'utf8'));
  process.stdout.write(`make-test-model: wrote a ${shape} model to ${dir} in ${Math.round(performance.now() - t0)} ms\n`);
}
