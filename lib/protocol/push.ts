import type { PushPayload, PushType } from './requests';
import { post } from './client';
import { ignored } from '../util/log';

/**
 * Sends a push to every open view (the background's side of `onPush` in ./client). Nobody listening (no view
 * open) is not an error: the push is for views that asked and are still open.
 */
export async function sendPush<T extends PushType>(type: T, payload: PushPayload<T>): Promise<void> {
  await post(type, payload).catch(ignored('push'));
}
