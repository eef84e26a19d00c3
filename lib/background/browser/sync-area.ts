import { browser } from 'wxt/browser';
import type { CuratorDb } from '../../store/db';
import { createSync, type SyncArea } from '../../sync/sync';

/** Personas, settings and the list of feeds follow the person to their other browsers (storage.sync); page content never does. */
export function startSync(db: CuratorDb, onFeedsChanged?: () => void): void {
  createSync({ db, area: browser.storage.sync as unknown as SyncArea, ...(onFeedsChanged ? { onFeedsChanged } : {}) }).start((listener) =>
    browser.storage.onChanged.addListener((changes, area) => {
      if (area === 'sync' && Object.keys(changes).some((k) => k.startsWith('pc.sync'))) listener();
    }),
  );
}
