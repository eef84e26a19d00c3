import { browser } from 'wxt/browser';
import { CuratorError } from '../util/errors';
import type { Reply, RequestPayload, RequestType, Responses } from './protocol';

/** Sends one typed request to the background and unwraps its reply; failures throw CuratorError. */
export async function send<T extends RequestType>(type: T, payload: RequestPayload<T>): Promise<Responses[T]> {
  let reply: Reply<Responses[T]> | undefined;
  try {
    reply = (await browser.runtime.sendMessage({ type, payload })) as Reply<Responses[T]> | undefined;
  } catch (err) {
    throw new CuratorError('internal', `The extension's background did not answer (${err instanceof Error ? err.message : String(err)}). Try again.`);
  }
  if (!reply) throw new CuratorError('internal', "The extension's background did not answer. Try again.");
  if (!reply.ok) throw new CuratorError(reply.error.code, reply.error.message);
  return reply.data;
}
