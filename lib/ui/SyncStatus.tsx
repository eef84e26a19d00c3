import { db } from '../store/db';
import { getKv, KEYS } from '../store/kv';
import { send } from '../protocol/client';
import { useLiveQuery } from './hooks';
import { formatDateTime, t } from '../i18n/i18n';
import { ignored } from '../util/log';

/** Options: what browser sync carries, when it last ran, and what it changed here. */
export function SyncStatus() {
  const { value: state } = useLiveQuery(() => getKv(db(), KEYS.syncState));
  return (
    <div class="sync-status">
      <p class="muted">{t('sync_explainer')}</p>
      {state?.status === 'too-large' || state?.status === 'error' ? (
        <p class="flash error" role="alert">
          {state.message}
        </p>
      ) : (
        <p class="meta" role="status">
          {state?.lastSyncedAt ? t('sync_last', formatDateTime(state.lastSyncedAt)) : t('sync_never')}
        </p>
      )}
      {state?.note && (
        <div class="notice" role="status">
          <p>{t('sync_note', formatDateTime(state.note.at), state.note.text)}</p>
          <button type="button" class="secondary" onClick={() => void send('sync.dismissNote', {}).catch(ignored('sync-status'))}>
            {t('sync_dismiss')}
          </button>
        </div>
      )}
    </div>
  );
}
