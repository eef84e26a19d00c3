import { z } from '../util/zod';
import type { ErrorCode } from './errors';

/**
 * The one shape of every message between the extension's contexts. Three catalogues of types share it, each type
 * with its payload schema, and each receiver opens only the envelopes of its own catalogue and leaves the rest to
 * whoever they are for: requests (views → background, ./requests), pushes (background → views, ./requests) and the
 * model host's requests (background → model host page, ./model-host).
 */
export interface Envelope<T extends string = string, P = unknown> {
  type: T;
  payload: P;
}

/** The one answer to a request, whichever catalogue it belongs to: its data, or an error written for the person. */
export type Reply<T> = { ok: true; data: T } | { ok: false; error: { code: ErrorCode; message: string } };

/** A catalogue: message types and their payload schemas. */
export type Catalogue = Record<string, z.ZodType>;

const EnvelopeSchema = z.object({ type: z.string().max(100), payload: z.unknown() });

/** `message` as an envelope of one of `catalogue`'s types, its payload not yet checked; null for anything else. */
export function openEnvelope<C extends Catalogue>(message: unknown, catalogue: C): { type: keyof C & string; payload: unknown } | null {
  const parsed = EnvelopeSchema.safeParse(message);
  return parsed.success && Object.hasOwn(catalogue, parsed.data.type) ? { type: parsed.data.type, payload: parsed.data.payload } : null;
}
