import { z } from '../util/zod';

/**
 * The model host's state, written by the model host into the kv table
 * (key "modelStatus") and read live by every view for progress and errors.
 */
export const ModelStatusSchema = z.object({
  modelId: z.string(),
  phase: z.enum(['idle', 'downloading', 'loading', 'ready', 'error']),
  /** Bytes read so far and in all, over every file of the model. */
  loaded: z.number().nonnegative(),
  total: z.number().nonnegative(),
  /** A message key (model_error_*) or, from older rows, words; the views write it in the person's language. */
  error: z.string().nullable(),
  errorDetail: z.string().nullable().default(null),
  /** Where the weights came from once ready. */
  source: z.enum(['bundled', 'download']).nullable(),
  /** Embedding calls served since install: a revisit that runs no inference leaves it unchanged. */
  inferences: z.number().int().nonnegative(),
  updatedAt: z.number(),
});
export type ModelStatus = z.infer<typeof ModelStatusSchema>;

export function idleStatus(modelId: string): ModelStatus {
  return { modelId, phase: 'idle', loaded: 0, total: 0, error: null, errorDetail: null, source: null, inferences: 0, updatedAt: 0 };
}

/** Download progress from 0 to 1, or null when the size is not known yet. */
export function progressOf(s: Pick<ModelStatus, 'loaded' | 'total'>): number | null {
  return s.total > 0 ? Math.min(1, s.loaded / s.total) : null;
}

export const MODEL_ERROR_KEYS = [
  'model_error_space',
  'model_error_bundled',
  'model_error_network',
  'model_error_not_found',
  'model_error_timeout',
  'model_error_integrity',
  'model_error_other',
] as const;
export type ModelErrorKey = (typeof MODEL_ERROR_KEYS)[number];

export function isModelErrorKey(error: string | null): error is ModelErrorKey {
  return (MODEL_ERROR_KEYS as readonly string[]).includes(error ?? '');
}
