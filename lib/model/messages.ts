import { z } from '../util/zod';

/** Most texts in one embedding request: callers with more send several (lib/score/hybrid.ts). */
export const MAX_EMBED_TEXTS = 200;

/** What a downloaded file must be (lib/model/verify.ts). */
export const FileCheckSchema = z.object({
  path: z.string().min(1).max(300),
  size: z.number().int().positive().nullable(),
  sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .nullable(),
  maxBytes: z.number().int().positive(),
});

/** Test builds: the stand-in hub's revision and file checks, written by the end-to-end tests (KV.testModelFiles). */
export const TestDownloadSchema = z.object({ revision: z.string().regex(/^[\w.-]{1,100}$/), files: z.array(FileCheckSchema).max(50) });

/** A load plan as it crosses from the background to the model host. */
export const LoadPlanSchema = z.object({
  modelId: z.string().min(1).max(200),
  bundled: z.boolean(),
  remoteHost: z.string().url().optional(),
  /** Hub commit (or branch) to download from; default "main". */
  revision: z
    .string()
    .regex(/^[\w.-]{1,100}$/)
    .optional(),
  /** Every file a download may fetch, with its expected size and hash. A download without it is refused. */
  files: z.array(FileCheckSchema).max(50).optional(),
});

/**
 * Messages from the background to the model host (Chrome's offscreen
 * document). They carry `target: "model-host"` so every other extension page
 * ignores them, and the background's router never answers them.
 */
export const ModelHostRequestSchema = z.discriminatedUnion('type', [
  z.object({ target: z.literal('model-host'), type: z.literal('load'), plan: LoadPlanSchema, idleMs: z.number().int().positive(), stallMs: z.number().int().positive() }),
  z.object({
    target: z.literal('model-host'),
    type: z.literal('embed'),
    plan: LoadPlanSchema,
    texts: z.array(z.string().max(20_000)).max(MAX_EMBED_TEXTS),
    kind: z.enum(['query', 'passage']),
    idleMs: z.number().int().positive(),
    stallMs: z.number().int().positive(),
  }),
  // The host page also copies text for the background (a service worker has no clipboard).
  z.object({ target: z.literal('model-host'), type: z.literal('copy'), text: z.string().max(100_000) }),
]);
export type ModelHostRequest = z.infer<typeof ModelHostRequestSchema>;

export function isModelHostMessage(message: unknown): boolean {
  return typeof message === 'object' && message !== null && (message as { target?: unknown }).target === 'model-host';
}
