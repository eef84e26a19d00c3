import { db, KV } from '../db/db';
import { send } from '../messages/client';
import type { SyncState } from '../sync/sync';
import { useLiveQuery } from './hooks';

const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** Options: what browser sync carries, when it last ran, and what it changed here. */
export function SyncStatus() {
  const { value: state } = useLiveQuery(async () => (await db().kv.get(KV.syncState))?.value as SyncState | undefined);
  return (
    <div class="sync-status">
      <p class="muted">
        Your personas (without the pages they learned from) and your sharing settings sync to your other browsers through your browser account. Page content, the
        queue and the model never sync.
      </p>
      {state?.status === 'too-large' || state?.status === 'error' ? (
        <p class="flash error" role="alert">
          {state.message}
        </p>
      ) : (
        <p class="meta" role="status">
          {state?.lastSyncedAt ? `Last synced ${timeFormat.format(state.lastSyncedAt)}.` : 'Not synced yet.'}
        </p>
      )}
      {state?.note && (
        <div class="notice" role="status">
          <p>
            {timeFormat.format(state.note.at)}: {state.note.text}
          </p>
          <button type="button" class="secondary" onClick={() => void send('sync.dismissNote', {}).catch(() => undefined)}>
            Dismiss
          </button>
        </div>
      )}
    </div>
  );
}
