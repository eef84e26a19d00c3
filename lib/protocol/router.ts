import type { z } from '../util/zod';
import { t } from '../i18n/i18n';
import { CuratorError, explainError, failure, isStorageFailure } from './errors';
import { openEnvelope, type Catalogue, type Reply } from './envelope';
import { Requests, type Responses } from './requests';

/** The parts of runtime.MessageSender the routers check. */
export interface Sender {
  id?: string;
  url?: string;
  tab?: unknown;
}

/** One handler per type of a catalogue, given the payload its schema parsed and answering with the type's response. */
export type HandlersOf<C extends Catalogue, R extends { [T in keyof C]: unknown }> = {
  [T in keyof C]: (payload: z.output<C[T]>, sender: Sender) => Promise<R[T]>;
};

export type Handlers = HandlersOf<typeof Requests, Responses>;

export interface ServeOptions {
  /** Who may send these requests. */
  allowed: (sender: Sender) => boolean;
  /** What a sender that may not is told. */
  forbidden: () => string;
  /** Told of a storage failure a handler raised (the database may need opening again). */
  onStorageError?: () => void;
}

/**
 * The one place requests of a catalogue are checked and answered: who sent it, then the envelope, then the payload
 * against its type's schema; a handler's failure becomes the reply's error through the one error mapper. A message
 * of no type of the catalogue is refused as a bad request.
 */
export function serve<C extends Catalogue, R extends { [T in keyof C]: unknown }>(catalogue: C, handlers: HandlersOf<C, R>, options: ServeOptions) {
  return async (message: unknown, sender: Sender): Promise<Reply<unknown>> => {
    if (!options.allowed(sender)) return failure(new CuratorError('forbidden', options.forbidden()));
    const envelope = openEnvelope(message, catalogue);
    if (!envelope) return failure(new CuratorError('bad-request', t('error_unknown_request')));
    const { type } = envelope;
    const payload = catalogue[type]!.safeParse(envelope.payload);
    if (!payload.success) {
      const issue = payload.error.issues[0];
      return failure(new CuratorError('invalid', issue ? t('error_invalid_request', issue.path.join('.') || type, issue.message) : t('error_unknown_request')));
    }
    try {
      const handler = handlers[type] as (p: unknown, s: Sender) => Promise<unknown>;
      return { ok: true, data: await handler(payload.data, sender) };
    } catch (err) {
      const e = explainError(err);
      if (isStorageFailure(e)) options.onStorageError?.();
      return failure(e);
    }
  };
}

/**
 * The background's router for the views' requests. Only this extension's own pages may send: content scripts carry
 * no privileges (they never message us; the extractor's result comes back through scripting.executeScript and is
 * validated there).
 */
export function createRouter(handlers: Handlers, self: { id: string; pageOrigin: string; onStorageError?: () => void }) {
  return serve(Requests, handlers, {
    allowed: (sender) => sender.id === self.id && Boolean(sender.url?.startsWith(self.pageOrigin)),
    forbidden: () => t('error_forbidden_sender'),
    ...(self.onStorageError ? { onStorageError: self.onStorageError } : {}),
  });
}
