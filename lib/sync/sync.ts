import { liveQuery } from 'dexie';
import { readSettings, updateSettings, type CuratorDb } from '../store/db';
import { getKv, KEYS, putKv, type SyncState } from '../store/kv';
import { writeTombstones } from '../store/tombstones';
import { syncedPersonaRow } from '../store/personas';
import { newId } from '../util/hash';
import { t } from '../i18n/i18n';
import { buildPayload, CHUNK_PREFIX, contentOf, META_KEY, readPayload, SyncTooLarge, textHash, toItems, type SyncedFeeds, type SyncPayload } from './payload';
import { feedKey, newFeedRow } from '../store/feeds';
import { isHttpUrl } from '../util/url';
import { describeNotes, mergeRemote } from './merge';
import { ignored } from '../util/log';

/** The parts of storage.sync used (chrome.storage.sync and Firefox's browser.storage.sync alike). */
export interface SyncArea {
  get(keys: null): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string[]): Promise<void>;
}

export type { SyncState };

const EMPTY: SyncState = { status: 'ok', message: '', lastSyncedAt: 0, contentHash: '', note: null };
export const PUSH_DELAY_MS = 2_000;

/**
 * Keeps personas and settings in step across the person's browsers:
 * pushes this browser's content (debounced, only when it changed), and merges
 * what another browser pushed (newest edit wins, with a note when a local edit
 * lost). Page content never syncs.
 */
export function createSync(deps: { db: CuratorDb; area: SyncArea; now?: () => number; onFeedsChanged?: () => void }) {
  const { db, area } = deps;
  const now = deps.now ?? (() => Date.now());

  async function device(): Promise<string> {
    const id = await getKv(db, KEYS.syncDevice);
    if (id) return id;
    const fresh = newId();
    await putKv(db, KEYS.syncDevice, fresh);
    return fresh;
  }

  async function state(): Promise<SyncState> {
    return { ...EMPTY, ...(await getKv(db, KEYS.syncState)) };
  }

  async function setState(change: Partial<SyncState>): Promise<void> {
    await db.transaction('rw', db.kv, async () => putKv(db, KEYS.syncState, { ...(await state()), ...change }));
  }

  async function localPayload(): Promise<SyncPayload> {
    const [settings, personas, deleted, feeds, feedsChanged] = await Promise.all([
      readSettings(db),
      db.personas.toArray(),
      getKv(db, KEYS.syncDeleted),
      db.feeds.toArray(),
      getKv(db, KEYS.feedsChanged),
    ]);
    return buildPayload(await device(), now(), settings, personas, deleted, { changedAt: feedsChanged, list: feeds.map((f) => ({ url: f.url, title: f.title.slice(0, 300) })) });
  }

  /**
   * Writes this browser's content to storage.sync if it changed since the last write or read.
   * Whatever another browser wrote is merged first, so a push never overwrites changes not yet merged here;
   * if that merge fails, nothing is written.
   */
  async function push(): Promise<void> {
    if ((await merge()) === 'failed') return;
    const payload = await localPayload();
    const content = contentOf(payload);
    const hash = textHash(content);
    const current = await state();
    if (hash === current.contentHash) return;
    try {
      const text = JSON.stringify(payload);
      const items = toItems(payload, textHash(text));
      const old = Object.keys(await area.get(null)).filter((k) => k.startsWith(CHUNK_PREFIX));
      // Chunks first, the meta item (with the hash of the whole) last: a reader never takes a half-written payload.
      const { [META_KEY]: meta, ...chunks } = items;
      await area.set(chunks);
      await area.set({ [META_KEY]: meta });
      const stale = old.filter((k) => !(k in chunks));
      if (stale.length) await area.remove(stale);
      await setState({ status: 'ok', message: '', lastSyncedAt: payload.savedAt, contentHash: hash });
    } catch (err) {
      const tooLarge = err instanceof SyncTooLarge;
      await setState({ status: tooLarge ? 'too-large' : 'error', message: tooLarge ? err.message : t('sync_failed', err instanceof Error ? err.message : String(err)) });
    }
  }

  /** Merges what another browser wrote. Returns whether anything here changed; never throws (a failure is shown on the options page). */
  async function pull(): Promise<boolean> {
    return (await merge()) === 'changed';
  }

  async function merge(): Promise<'changed' | 'same' | 'failed'> {
    let feedsArrived = false;
    try {
      const read = readPayload(await area.get(null), textHash, now());
      if (!read.ok) {
        // Damaged, too large, or from a newer version: ignored whole, and said once. Absent or half-written: wait for the next write.
        if (read.reason === 'invalid' && (await state()).ignored !== read.hash) await setState({ ignored: read.hash, note: { at: now(), text: t('sync_ignored') } });
        return 'same';
      }
      const remote = read.payload;
      if (remote.device === (await device())) return 'same';
      const remoteHash = textHash(contentOf(remote));
      if (remoteHash === (await state()).contentHash) return 'same';
      const changed = await db.transaction('rw', [db.personas, db.kv, db.feeds, db.feedItems], async () => {
        const current = await state();
        const local = await db.personas.toArray();
        const localDeleted = await getKv(db, KEYS.syncDeleted);
        const merged = mergeRemote(local, localDeleted, remote, current.lastSyncedAt, remote.savedAt > current.lastSyncedAt);
        if (merged.remove.length) await db.personas.bulkDelete(merged.remove);
        // In the merge's order: each name is free when its persona is stored. The name key always comes from the name.
        for (const p of merged.put) await db.personas.put(syncedPersonaRow(p));
        const remoteSettings = merged.settings;
        if (remoteSettings) await updateSettings(db, (current) => ({ ...current, ...remoteSettings }));
        await writeTombstones(db, merged.deleted);
        const text = describeNotes(merged.notes);
        await putKv(db, KEYS.syncState, {
          ...current,
          status: 'ok',
          message: '',
          lastSyncedAt: Math.max(current.lastSyncedAt, remote.savedAt),
          contentHash: remoteHash,
          note: text ? { at: now(), text } : current.note,
        });
        const feedsChanged = remote.feeds ? await adoptFeeds(db, remote.feeds, now()) : false;
        if (feedsChanged) feedsArrived = true;
        return merged.put.length + merged.remove.length > 0 || merged.settings !== null || feedsChanged;
      });
      if (feedsArrived) deps.onFeedsChanged?.();
      return changed ? 'changed' : 'same';
    } catch (err) {
      // The transaction rolled back: nothing was applied. Said on the options page; the next remote write tries again.
      await setState({ status: 'error', message: t('sync_failed', err instanceof Error ? err.message : String(err)) }).catch(ignored('sync'));
      return 'failed';
    }
  }

  /** Pulls, then pushes on every local change (debounced), and pulls again when another browser writes. */
  function start(onRemoteChange: (listener: () => void) => void): () => void {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let chain: Promise<unknown> = pull().catch(ignored('sync'));
    const queue = (work: () => Promise<unknown>) => (chain = chain.then(work).catch(ignored('sync')));
    const sub = liveQuery(() => Promise.all([db.personas.toArray(), db.kv.get(KEYS.settings.name), db.kv.get(KEYS.syncDeleted.name), db.kv.get(KEYS.feedsChanged.name)])).subscribe({
      next: () => {
        clearTimeout(timer);
        timer = setTimeout(() => void queue(push), PUSH_DELAY_MS);
      },
      error: ignored('sync'),
    });
    onRemoteChange(() => void queue(async () => (await pull()) && push()));
    return () => {
      clearTimeout(timer);
      sub.unsubscribe();
    };
  }

  return { push, pull, start, state };
}

/**
 * Another browser's list of feeds, when newer than this one's: followed here too (fetched once this browser may reach
 * their sites), and feeds it no longer lists unfollowed, with their items. Inside the merge's transaction.
 */
async function adoptFeeds(db: CuratorDb, remote: SyncedFeeds, at: number): Promise<boolean> {
  if (remote.changedAt <= (await getKv(db, KEYS.feedsChanged))) return false;
  const wanted = new Map(remote.list.filter((f) => isHttpUrl(f.url)).map((f) => [feedKey(f.url), f]));
  const local = await db.feeds.toArray();
  const gone = local.filter((f) => !wanted.has(f.key));
  for (const f of gone) await db.feedItems.where('feedId').equals(f.id).delete();
  await db.feeds.bulkDelete(gone.map((f) => f.id));
  const have = new Set(local.map((f) => f.key));
  const added = [...wanted.entries()].filter(([k]) => !have.has(k)).map(([, f]) => newFeedRow(f.url, at, f.title));
  await db.feeds.bulkAdd(added);
  await putKv(db, KEYS.feedsChanged, remote.changedAt);
  return gone.length + added.length > 0;
}

/** The person read the note about what sync changed here. Returns whether there was a sync state to change. */
export async function dismissSyncNote(db: CuratorDb): Promise<boolean> {
  return db.transaction('rw', db.kv, async () => {
    const stored = await getKv(db, KEYS.syncState);
    if (!stored) return false;
    await putKv(db, KEYS.syncState, { ...stored, note: null });
    return true;
  });
}
