/**
 * The fidelity reference for the converted Universal Sentence Encoder Lite:
 * the package's own TF.js graph model run by TF.js itself (pure-JS CPU
 * backend), fed the way USE Lite is fed (a sparse tensor of token ids), and
 * a SentencePiece tokenizer written from the vocabulary.
 */
import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageDir } from '../../../scripts/use-lite/tfjs-model';

let loaded: Promise<tf.GraphModel> | null = null;

/** The package's model.json and shards, handed to TF.js from memory (no file:// loader without tfjs-node). */
export function loadReferenceModel(): Promise<tf.GraphModel> {
  loaded ??= (async () => {
    await tf.setBackend('cpu');
    const dist = join(packageDir(), 'dist');
    const json = JSON.parse(readFileSync(join(dist, 'model.json'), 'utf8')) as {
      modelTopology: object;
      weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
    };
    const specs = json.weightsManifest.flatMap((g) => g.weights);
    const bytes = Buffer.concat(json.weightsManifest.flatMap((g) => g.paths.map((p) => readFileSync(join(dist, p)))));
    const weightData = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    return tf.loadGraphModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: specs, weightData }));
  })();
  return loaded;
}

/** Sentence vectors from TF.js for token id lists (USE Lite's input: indices [row, position] and values). */
export async function referenceEmbed(idLists: number[][]): Promise<number[][]> {
  const model = await loadReferenceModel();
  const indices: number[][] = [];
  const values: number[] = [];
  idLists.forEach((ids, row) => ids.forEach((id, pos) => (indices.push([row, pos]), values.push(id))));
  const out = tf.tidy(() => ({ indices: tf.tensor2d(indices, [indices.length, 2], 'int32'), values: tf.tensor1d(values, 'int32') }));
  const result = (await model.executeAsync(out)) as tf.Tensor;
  const vectors = (await result.array()) as number[][];
  tf.dispose([out.indices, out.values, result]);
  return vectors;
}

/** How a Viterbi tie (two segmentations of equal score) is broken. */
export type TieRule =
  /** SentencePiece's C++ lattice (and transformers.js, its port): the first candidate wins, so the last piece is the longest. */
  | 'first'
  /** tfjs-models' USE tokenizer, which @energetic-ai/embeddings copies (`score >= best`): the last candidate wins. */
  | 'last';

const RESERVED = 6; // ids 0..5: unknown, <s>, </s>, extra_token_id_1..3; never matched from text

/**
 * USE Lite's tokenizer, written from the vocabulary the way tfjs-models' and
 * @energetic-ai/embeddings' tokenizer works: NFKC, "▁" before the text and
 * for each space, a trie of the pieces (ids 6 and up; a repeated piece keeps
 * its last id), a forward Viterbi pass over code points, a backward pass,
 * unknown characters as id 0 with runs merged.
 */
export function referenceTokenizer(vocab: [string, number][]): (text: string, tie?: TieRule) => number[] {
  type Trie = { children: Map<string, Trie>; id: number };
  const root: Trie = { children: new Map(), id: -1 };
  for (let id = RESERVED; id < vocab.length; id++) {
    let node = root;
    for (const ch of vocab[id]![0]) {
      let next = node.children.get(ch);
      if (!next) node.children.set(ch, (next = { children: new Map(), id: -1 }));
      node = next;
    }
    node.id = id;
  }
  const length = (id: number) => [...vocab[id]![0]].length;

  return (text, tie = 'first') => {
    const normalized = text.normalize('NFKC');
    if (normalized.length === 0) return [];
    const symbols = [...`▁${normalized.replace(/ /g, '▁')}`];
    const n = symbols.length;
    // best[end]: the best score of a segmentation of symbols[0, end) and the id of its last piece.
    const score = new Float64Array(n + 1).fill(-Infinity);
    const last = new Int32Array(n + 1).fill(-1);
    score[0] = 0;
    for (let start = 0; start < n; start++) {
      // A symbol nothing covers (it starts no piece) is an unknown: id 0, length 1, no score.
      if (score[start] === -Infinity) continue;
      let node: Trie | undefined = root;
      let matched = false;
      for (let end = start; end < n && node; end++) {
        node = node.children.get(symbols[end]!);
        if (!node || node.id < 0) continue;
        matched = true;
        const s = score[start]! + vocab[node.id]![1];
        const better = tie === 'first' ? s > score[end + 1]! : s >= score[end + 1]!;
        if (last[end + 1] === -1 || better) {
          score[end + 1] = s;
          last[end + 1] = node.id;
        }
      }
      if (!matched && last[start + 1] === -1) {
        score[start + 1] = score[start]!;
        last[start + 1] = 0;
      }
    }
    const ids: number[] = [];
    for (let end = n; end > 0; end -= last[end] === 0 ? 1 : length(last[end]!)) ids.push(last[end]!);
    ids.reverse();
    return ids.filter((id, i) => !(id === 0 && ids[i - 1] === 0));
  };
}
