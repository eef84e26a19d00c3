import { browser } from 'wxt/browser';
import { CuratorError } from './errors';
import { openEnvelope, type Reply } from './envelope';
import { Pushes, Requests, type PushPayload, type PushType, type RequestPayload, type RequestType, type Responses } from './requests';
import { t } from '../i18n/i18n';

/**
 * Requests that can safely be sent twice: asking again gives the same result
 * (curating dedupes by article; the rest read, or set a value). Creating a
 * persona and importing a file would add twice, and a share logged twice would count twice, so they are not retried
 * (an analytics import is: the same file is stored once).
 */
const NOT_RETRIED = new Set<string>(['personas.import', 'shares.record']);
const RETRY_SAFE = new Set<RequestType>(Object.keys(Requests).filter((type) => !NOT_RETRIED.has(type)) as RequestType[]);

/** The background stopped or restarted while the message was in flight (Chrome may stop an idle worker at any time). */
export function isDroppedMessage(err: unknown): boolean {
  if (err instanceof NoAnswer) return true;
  const message = err instanceof Error ? err.message : String(err);
  return /message port closed|Receiving end does not exist|Could not establish connection|message channel closed/i.test(message);
}

/** Nobody answered within the time a view waits (the view says so in its own words, not this error's). */
class NoAnswer extends Error {}

/**
 * How long a view waits for an answer before treating the request as dropped. Chrome normally rejects a
 * message whose worker stopped, but a worker stopped at the wrong moment can leave it unanswered; the
 * slowest real answer (a cold model load) takes about 10 s here.
 */
export const ANSWER_TIMEOUT_MS = 25_000;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new NoAnswer(`no answer within ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Sends one request in the envelope and hands back its reply as sent: the one place a reply's type is taken on trust
 * (only this extension's own contexts can answer, and each answers with its catalogue's response type).
 */
export function post<R>(type: string, payload: unknown): Promise<Reply<R> | undefined> {
  return browser.runtime.sendMessage({ type, payload }) as Promise<Reply<R> | undefined>;
}

/** A reply's data, or its error thrown as a CuratorError; `silent`: what to say when nobody answered. */
export function unwrap<R>(reply: Reply<R> | undefined, silent: () => string): R {
  if (!reply) throw new CuratorError('internal', silent());
  if (!reply.ok) throw new CuratorError(reply.error.code, reply.error.message);
  return reply.data;
}

/** Sends one typed request to the background and unwraps its reply; failures throw CuratorError. */
export async function send<T extends RequestType>(type: T, payload: RequestPayload<T>): Promise<Responses[T]> {
  const retrySafe = RETRY_SAFE.has(type) && !(type === 'personas.save' && !(payload as { id?: string }).id);
  let reply: Reply<Responses[T]> | undefined;
  for (let attempt = 0; ; attempt++) {
    try {
      reply = await withTimeout(post<Responses[T]>(type, payload), ANSWER_TIMEOUT_MS);
      break;
    } catch (err) {
      // A worker stopped mid-request restarts on the next message: ask once more.
      if (attempt === 0 && retrySafe && isDroppedMessage(err)) continue;
      if (err instanceof NoAnswer) throw new CuratorError('timeout', t('error_background_silent'));
      // Otherwise the browser's own words, which it gives in English.
      throw new CuratorError('internal', t('error_background_silent_detail', err instanceof Error ? err.message : String(err)));
    }
  }
  return unwrap(reply, () => t('error_background_silent'));
}

/** The background's addresses: Chrome's service worker, Firefox's generated background page. */
export function isBackground(sender: { id?: string; url?: string }): boolean {
  const getURL = browser.runtime.getURL as (path: string) => string;
  return sender.id === browser.runtime.id && [getURL('/background.js'), getURL('/_generated_background_page.html')].includes(sender.url ?? '');
}

/**
 * Calls `handler` with every `type` push from the background, validated on arrival; anything else (requests
 * between other extension pages, the model host's traffic, pushes from elsewhere) is ignored and left unanswered.
 * Returns the unsubscribe function.
 */
export function onPush<T extends PushType>(type: T, handler: (payload: PushPayload<T>) => void): () => void {
  const listener = (message: unknown, sender: { id?: string; url?: string }): undefined => {
    const envelope = openEnvelope(message, Pushes);
    if (envelope?.type !== type || !isBackground(sender)) return undefined;
    const payload = Pushes[type].safeParse(envelope.payload);
    if (payload.success) handler(payload.data as PushPayload<T>);
    // Never answered: returning nothing leaves the channel to whoever the message was for.
    return undefined;
  };
  browser.runtime.onMessage.addListener(listener);
  return () => browser.runtime.onMessage.removeListener(listener);
}
