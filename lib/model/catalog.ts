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
}

export const MODELS: readonly ModelInfo[] = [
  {
    id: 'Xenova/all-MiniLM-L6-v2',
    label: 'English (all-MiniLM-L6-v2)',
    sizeMB: 23,
    prefixes: null,
    maxTokens: 256,
    calibration: { floor: 0.1, ceiling: 0.6 },
    multilingual: false,
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
  },
];

export const DEFAULT_MODEL_ID = 'Xenova/all-MiniLM-L6-v2';

export function modelInfo(id: string): ModelInfo | null {
  return MODELS.find((m) => m.id === id) ?? null;
}

/** Hosts the hub downloads from: optional host permissions, asked for when the person agrees to a download. */
export const HUB_ORIGINS = ['https://huggingface.co/*', 'https://*.huggingface.co/*', 'https://*.hf.co/*'];
