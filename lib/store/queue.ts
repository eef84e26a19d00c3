import { newId } from '../util/hash';
import { hamming, NEAR_DUPLICATE_BITS } from '../util/simhash';
import { sameSite } from '../util/site';
import { dedupeKey } from '../util/url';
import type { CuratorDb } from './db';
import type { QueueItem } from './schema';

/** Recent queue items compared by text fingerprint when an article arrives under a new URL. */
export const NEAR_DUPLICATE_SCAN = 1_000;

/** What a caller gives to queue an article; the store adds the rest. */
export type QueueInput = Omit<QueueItem, 'id' | 'dedupeKey' | 'createdAt' | 'updatedAt' | 'status'>;

/**
 * The item already queued for the same article: the same URL once normalised (canonical, no tracking, no
 * fragment), or near-identical text on the same site. Never an item from another site: a page that copies an
 * article's text must not retitle it or rewrite its quote (the same URL is the same host, so that path cannot
 * cross sites). Inside the caller's transaction covering db.queue.
 */
export async function sameArticle(db: CuratorDb, item: Pick<QueueInput, 'url' | 'simhash'>): Promise<QueueItem | undefined> {
  const existing = await db.queue.where('dedupeKey').equals(dedupeKey(item.url)).first();
  if (existing || !item.simhash) return existing;
  const print = item.simhash;
  return db.queue
    .orderBy('createdAt')
    .reverse()
    .limit(NEAR_DUPLICATE_SCAN)
    .filter((q) => Boolean(q.simhash) && hamming(q.simhash!, print) <= NEAR_DUPLICATE_BITS && sameSite(q.url, item.url))
    .first();
}

/** A new queue item (Dexie table "queue"): the only place one is built. */
export function newQueueItem(item: QueueInput, at: number): QueueItem {
  return { ...item, id: newId(), dedupeKey: dedupeKey(item.url), status: 'queued', createdAt: at, updatedAt: at };
}

/**
 * The same article curated again: one item, refreshed rather than copied. A link queued without a persona
 * keeps the persona (and score) the item already had.
 */
export function refreshedQueueItem(existing: QueueItem, item: QueueInput, at: number): QueueItem {
  const keepPersona = item.personaId === null && existing.personaId !== null;
  return {
    ...existing,
    title: item.title || existing.title,
    siteName: item.siteName ?? existing.siteName,
    personaId: keepPersona ? existing.personaId : item.personaId,
    personaName: keepPersona ? existing.personaName : item.personaName,
    score: keepPersona ? existing.score : item.score,
    quote: item.quote || existing.quote,
    simhash: item.simhash ?? existing.simhash ?? null,
    source: item.source,
    updatedAt: at,
  };
}

/** Queues an article, or refreshes its item: inside the caller's transaction covering db.queue. */
export async function putQueueItem(db: CuratorDb, item: QueueInput, at: number): Promise<QueueItem> {
  const existing = await sameArticle(db, item);
  if (existing) {
    const updated = refreshedQueueItem(existing, item, at);
    await db.queue.put(updated);
    return updated;
  }
  const created = newQueueItem(item, at);
  await db.queue.add(created);
  return created;
}

/** Moves a queue item to another status; false when there is no such item. */
export async function setQueueStatus(db: CuratorDb, id: string, status: QueueItem['status'], at: number): Promise<boolean> {
  return (await db.queue.update(id, { status, updatedAt: at })) > 0;
}
