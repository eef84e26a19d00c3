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
  error: z.string().nullable(),
  /** Where the weights came from once ready. */
  source: z.enum(['bundled', 'download']).nullable(),
  /** Embedding calls served since install: a revisit that runs no inference leaves it unchanged. */
  inferences: z.number().int().nonnegative(),
  updatedAt: z.number(),
});
export type ModelStatus = z.infer<typeof ModelStatusSchema>;

export function idleStatus(modelId: string): ModelStatus {
  return { modelId, phase: 'idle', loaded: 0, total: 0, error: null, source: null, inferences: 0, updatedAt: 0 };
}

/** Download progress from 0 to 1, or null when the size is not known yet. */
export function progressOf(s: Pick<ModelStatus, 'loaded' | 'total'>): number | null {
  return s.total > 0 ? Math.min(1, s.loaded / s.total) : null;
}
