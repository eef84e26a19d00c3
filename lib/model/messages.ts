import { z } from '../util/zod';

/** A load plan as it crosses from the background to the model host. */
export const LoadPlanSchema = z.object({
  modelId: z.string().min(1).max(200),
  bundled: z.boolean(),
  remoteHost: z.string().url().optional(),
});

/**
 * Messages from the background to the model host (Chrome's offscreen
 * document). They carry `target: "model-host"` so every other extension page
 * ignores them, and the background's router never answers them.
 */
export const ModelHostRequestSchema = z.discriminatedUnion('type', [
  z.object({ target: z.literal('model-host'), type: z.literal('load'), plan: LoadPlanSchema, idleMs: z.number().int().positive() }),
  z.object({
    target: z.literal('model-host'),
    type: z.literal('embed'),
    plan: LoadPlanSchema,
    texts: z.array(z.string().max(20_000)).max(200),
    kind: z.enum(['query', 'passage']),
    idleMs: z.number().int().positive(),
  }),
  // The host page also copies text for the background (a service worker has no clipboard).
  z.object({ target: z.literal('model-host'), type: z.literal('copy'), text: z.string().max(100_000) }),
]);
export type ModelHostRequest = z.infer<typeof ModelHostRequestSchema>;

export function isModelHostMessage(message: unknown): boolean {
  return typeof message === 'object' && message !== null && (message as { target?: unknown }).target === 'model-host';
}
