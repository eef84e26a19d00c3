import { z } from '../util/zod';
import { openEnvelope } from './envelope';

/** Most texts in one embedding request: callers with more send several (lib/core/score/hybrid.ts). */
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

const idleMs = z.number().int().positive();
const stallMs = z.number().int().positive();

/**
 * Requests from the background to the model host page (Chrome's offscreen document, Firefox's background frame), in
 * the one envelope (./envelope). Only the host page opens them; the background's router and the views leave them be.
 * `idleMs`: how long the host stays after its last request; `stallMs`: how long a load may show no progress.
 */
export const ModelHostRequests = {
  'model-host.load': z.object({ plan: LoadPlanSchema, idleMs, stallMs }),
  'model-host.embed': z.object({ plan: LoadPlanSchema, texts: z.array(z.string().max(20_000)).max(MAX_EMBED_TEXTS), kind: z.enum(['query', 'passage']), idleMs, stallMs }),
  // The host page also copies text for the background (a service worker has no clipboard).
  'model-host.copy': z.object({ text: z.string().max(100_000) }),
} as const;

export type ModelHostType = keyof typeof ModelHostRequests;
export type ModelHostPayload<T extends ModelHostType> = z.input<(typeof ModelHostRequests)[T]>;

export interface ModelHostResponses {
  'model-host.load': null;
  /** One vector per text, in the order of the texts. */
  'model-host.embed': number[][];
  'model-host.copy': null;
}

/** Is this a request for the model host (which the background's router must leave unanswered)? */
export function isModelHostMessage(message: unknown): boolean {
  return openEnvelope(message, ModelHostRequests) !== null;
}
