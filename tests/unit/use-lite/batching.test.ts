// @vitest-environment node
/**
 * How the model host batches a page's passages for the built-in model: by length, so little of each batch is
 * padding (the graph computes every padded position), and the vectors still come back in the page's order.
 */
import { AutoTokenizer, env, type PreTrainedTokenizer } from '@huggingface/transformers';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractFromHtml } from '../../../lib/core/extract/from-html';
import { BUILT_IN_MODEL_ID, modelInfo } from '../../../lib/model/catalog';
import { createModelHost, lengthBatches } from '../../../lib/model/host';
import { toPassages } from '../../../lib/core/score/semantic';
import { PAGES_DIR } from '../../../scripts/shared-data';
import { ensureUseLite } from '../../../scripts/use-lite/convert';

const { dir } = ensureUseLite();
// node_modules/.cache/ + persona-curator/use-lite: the catalogue id is the path under it, as in the extension's models/.
const root = dir.slice(0, -BUILT_IN_MODEL_ID.length);
// A real 1,550-word article: its title, then 31 sentence windows of 43 to 115 tokens.
const page = extractFromHtml(readFileSync(join(PAGES_DIR, 'citylab-1', 'source.html'), 'utf8'), 'https://www.citylab.com/a');
const passages = toPassages(page.title, page.text, modelInfo(BUILT_IN_MODEL_ID)!.maxTokens).texts;
let tokenizer: PreTrainedTokenizer;
const host = createModelHost({ localModelPath: root });
const plan = { modelId: BUILT_IN_MODEL_ID, bundled: true };

beforeAll(async () => {
  env.allowRemoteModels = false;
  env.localModelPath = root;
  tokenizer = await AutoTokenizer.from_pretrained(BUILT_IN_MODEL_ID);
});
afterAll(() => host.dispose());

/** Positions the model computes for these batches: each batch is padded to its longest text (128 at most). */
function computed(batches: number[][]): { tokens: number; padded: number } {
  const lengths = passages.map((p) => Math.min(128, tokenizer.encode(p).length));
  let padded = 0;
  for (const batch of batches) padded += batch.length * Math.max(...batch.map((i) => lengths[i]!));
  return { tokens: lengths.reduce((a, b) => a + b, 0), padded };
}

describe('batching passages for the model', () => {
  it('puts texts of similar length together: a real article costs at least 10% fewer positions than in page order', () => {
    expect(passages.length).toBeGreaterThan(30);
    const inOrder = Array.from({ length: Math.ceil(passages.length / 16) }, (_, b) => passages.map((_, i) => i).slice(b * 16, b * 16 + 16));
    const page = computed(inOrder);
    const sorted = computed(lengthBatches(passages, 16));
    // In page order, the short title and short windows are padded to the longest of their batch.
    // Measured: 3,680 positions for 2,568 tokens in page order, 3,159 sorted (characters only estimate tokens).
    expect(page.padded / page.tokens).toBeGreaterThan(1.3);
    expect(sorted.padded).toBeLessThan(0.9 * page.padded);
    expect(sorted.padded / sorted.tokens).toBeLessThan(1.25);
    // Every text is in exactly one batch, none bigger than asked.
    expect(
      lengthBatches(passages, 16)
        .flat()
        .sort((a, b) => a - b),
    ).toEqual(passages.map((_, i) => i));
    expect(Math.max(...lengthBatches(passages, 16).map((b) => b.length))).toBe(16);
  });

  it('returns each text’s own vector, in the order given, whatever batch it ran in', { timeout: 120_000 }, async () => {
    const together = await host.embed(plan, passages, 'passage');
    expect(together).toHaveLength(passages.length);
    for (const i of [0, 1, 8, passages.length - 1]) {
      const [alone] = await host.embed(plan, [passages[i]!], 'passage');
      const cosine = alone!.reduce((s, x, d) => s + x * together[i]![d]!, 0);
      expect(cosine, `passage ${i}`).toBeGreaterThan(0.99999);
    }
  });
});
