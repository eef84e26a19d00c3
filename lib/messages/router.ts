import { z } from '../util/zod';
import { t } from '../i18n/i18n';
import { CuratorError, explainStorageError } from '../util/errors';
import { EnvelopeSchema, Requests, type Reply, type RequestType, type Responses } from './protocol';

/** The parts of runtime.MessageSender the router checks. */
export interface Sender {
  id?: string;
  url?: string;
  tab?: unknown;
}

export type Handlers = {
  [T in RequestType]: (payload: z.output<(typeof Requests)[T]>, sender: Sender) => Promise<Responses[T]>;
};

/**
 * Wraps the handlers in the one place that validates messages and checks who
 * sent them. Only this extension's own pages may send: content scripts carry
 * no privileges (they never message us; the extractor's result comes back
 * through scripting.executeScript and is validated there).
 */
export function createRouter(handlers: Handlers, self: { id: string; pageOrigin: string; onStorageError?: () => void }) {
  return async (message: unknown, sender: Sender): Promise<Reply<unknown>> => {
    if (sender.id !== self.id || !sender.url || !sender.url.startsWith(self.pageOrigin)) {
      return { ok: false, error: { code: 'forbidden', message: t('error_forbidden_sender') } };
    }
    const envelope = EnvelopeSchema.safeParse(message);
    if (!envelope.success) return { ok: false, error: { code: 'bad-request', message: t('error_unknown_request') } };
    const type = envelope.data.type;
    const payload = Requests[type].safeParse(envelope.data.payload);
    if (!payload.success) {
      const issue = payload.error.issues[0];
      return { ok: false, error: { code: 'invalid', message: issue ? t('error_invalid_request', issue.path.join('.') || type, issue.message) : t('error_unknown_request') } };
    }
    try {
      const handler = handlers[type] as (p: unknown, s: Sender) => Promise<unknown>;
      return { ok: true, data: await handler(payload.data, sender) };
    } catch (err) {
      const e = err instanceof CuratorError ? err : explainStorageError(err);
      if (e.code === 'quota' || e.code === 'storage') self.onStorageError?.();
      return { ok: false, error: { code: e.code, message: e.message } };
    }
  };
}
