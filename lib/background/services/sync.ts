import type { Handlers } from '../../protocol/router';
import { dismissSyncNote } from '../../sync/sync';
import { rememberDeletion } from '../../store/tombstones';
import type { ServiceContext } from './context';

/** Sync's part in the background: deletion markers for the person's other browsers, and the options page's note. */
export function createSyncService(ctx: ServiceContext) {
  const handlers: Pick<Handlers, 'sync.dismissNote'> = {
    'sync.dismissNote': async () => ({ dismissed: await dismissSyncNote(ctx.db) }),
  };
  return {
    handlers,
    /**
     * A persona deleted here: remembered so the deletion reaches the person's other browsers (lib/sync), kept
     * under the cap a payload's readers accept (lib/store/tombstones). Inside the caller's transaction covering db.kv.
     */
    deleted: (id: string) => rememberDeletion(ctx.db, id, ctx.now()),
  };
}

export type Sync = ReturnType<typeof createSyncService>;
