/**
 * An on-disk cache of embeddings for the evaluation and benchmarks, keyed by the model's files and
 * each text's hash, so that a second run (or a run with other fusion settings) embeds nothing, and
 * the first embeds in large length-sorted batches.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { basename, join, resolve } from 'node:path';
import type { Embed } from '../lib/core/score/hybrid';

const HASH_BYTES = 20;

/** What identifies a model's output: its folder name and its weight and tokenizer files' sizes and dates. */
export function modelFingerprint(dir: string, dtype = 'q8'): string {
  const files = ['onnx/model_quantized.onnx', 'onnx/model.onnx', 'tokenizer.json', 'config.json'].map((f) => join(dir, f)).filter(existsSync);
  const parts = files.map((f) => {
    const s = statSync(f);
    return `${basename(f)}:${s.size}:${Math.round(s.mtimeMs)}`;
  });
  return createHash('sha1')
    .update([basename(resolve(dir)), dtype, ...parts].join('|'))
    .digest('hex')
    .slice(0, 16);
}

/**
 * Wraps an embedding function with a disk cache in `cacheDir`. `prefill` embeds many texts at once
 * (sorted by length, so batches pad little) and reports progress.
 */
export function cachedEmbed(embed: Embed, cacheDir: string, fingerprint: string) {
  mkdirSync(cacheDir, { recursive: true });
  const memory = new Map<string, Float32Array>();
  let dim = 0;
  for (const f of readdirSync(cacheDir)) {
    const m = new RegExp(`^${fingerprint}-(\\d+)\\.bin$`).exec(f);
    if (!m) continue;
    dim = Number(m[1]);
    const buf = readFileSync(join(cacheDir, f));
    const size = HASH_BYTES + dim * 4;
    for (let at = 0; at + size <= buf.length; at += size) {
      const key = buf.subarray(at, at + HASH_BYTES).toString('hex');
      const v = new Float32Array(dim);
      for (let d = 0; d < dim; d++) v[d] = buf.readFloatLE(at + HASH_BYTES + d * 4);
      memory.set(key, v);
    }
  }
  const keyOf = (text: string, kind: string) => createHash('sha1').update(`${kind}\u0000${text}`).digest('hex');
  const store = (entries: { key: string; v: ArrayLike<number> }[]) => {
    if (!entries.length) return;
    dim ||= entries[0]!.v.length;
    const size = HASH_BYTES + dim * 4;
    const buf = Buffer.alloc(size * entries.length);
    entries.forEach(({ key, v }, i) => {
      Buffer.from(key, 'hex').copy(buf, i * size);
      for (let d = 0; d < dim; d++) buf.writeFloatLE(v[d] ?? 0, i * size + HASH_BYTES + d * 4);
      memory.set(key, Float32Array.from(v));
    });
    appendFileSync(join(cacheDir, `${fingerprint}-${dim}.bin`), buf);
  };
  let embedded = 0;
  const cached: Embed = async (texts, kind) => {
    const keys = texts.map((t) => keyOf(t, kind));
    const todo = [...new Set(keys.map((k, i) => (memory.has(k) ? -1 : i)).filter((i) => i >= 0))];
    if (todo.length) {
      const vectors = await embed(
        todo.map((i) => texts[i]!),
        kind,
      );
      embedded += todo.length;
      store(todo.map((i, j) => ({ key: keys[i]!, v: vectors[j]! })));
    }
    return keys.map((k) => memory.get(k)!);
  };
  return {
    embed: cached,
    get embedded() {
      return embedded;
    },
    async prefill(texts: string[], kind: 'query' | 'passage', onProgress?: (done: number, total: number) => void): Promise<void> {
      const todo = [...new Set(texts)].filter((t) => !memory.has(keyOf(t, kind))).sort((a, b) => a.length - b.length);
      for (let i = 0; i < todo.length; i += 256) {
        await cached(todo.slice(i, i + 256), kind);
        onProgress?.(Math.min(todo.length, i + 256), todo.length);
      }
    },
  };
}
