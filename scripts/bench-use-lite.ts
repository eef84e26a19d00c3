/**
 * npm run bench:use-lite — the built-in model (USE Lite) in Node: file sizes,
 * load time and per-passage inference time with onnxruntime-node (CPU), for
 * fp32 and q8. Converts into the build cache first if needed. Prints Markdown.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { BUILT_IN_MODEL_ID, modelInfo } from '../lib/model/catalog';
import { createModelHost } from '../lib/model/host';
import { toPassages } from '../lib/core/score/semantic';
import { extractFromHtml } from '../lib/core/extract/from-html';
import { ensureUseLite } from './use-lite/convert';
import { PAGES_DIR } from './shared-data';
import { readFileSync } from 'node:fs';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const { dir } = ensureUseLite();
const root = dir.slice(0, -BUILT_IN_MODEL_ID.length);
const mb = (f: string) => (statSync(join(dir, f)).size / 1e6).toFixed(1);
const page = extractFromHtml(readFileSync(join(PAGES_DIR, 'citylab-1', 'source.html'), 'utf8'), 'https://www.citylab.com/x');
const passages = toPassages(page.title, page.text, modelInfo(BUILT_IN_MODEL_ID)!.maxTokens).texts;
const rows: string[] = [];
for (const dtype of ['fp32', 'q8'] as const) {
  const loads: number[] = [];
  const perPassage: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    // A fresh host per run: the load is measured cold (files read, session created).
    const host = createModelHost({ localModelPath: root, dtype });
    const plan = { modelId: BUILT_IN_MODEL_ID, bundled: true };
    let t = performance.now();
    await host.load(plan);
    loads.push(performance.now() - t);
    t = performance.now();
    await host.embed(plan, passages, 'passage');
    perPassage.push((performance.now() - t) / passages.length);
    await host.dispose();
  }
  rows.push(`| ${dtype} | ${mb(dtype === 'q8' ? 'onnx/model_quantized.onnx' : 'onnx/model.onnx')} MB | ${median(loads).toFixed(0)} ms | ${median(perPassage).toFixed(1)} ms |`);
}
process.stdout.write(
  `Passages: ${passages.length} from citylab-1 (up to 128 tokens each, batches of 16); median of ${RUNS} runs; onnxruntime-node CPU, ${process.version}.\n\n| weights | size | load | per passage |\n|---|---|---|---|\n${rows.join('\n')}\n`,
);
