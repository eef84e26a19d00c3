import type { Persona } from '../../core/personas/schema';
import type { PageSnapshot } from '../../core/extract/snapshot';
import { pruneLearned, seedKey, type CorpusStats, type PageScores, type ScoringPersona } from '../../core/score';
import type { SemanticMemory } from '../../core/score/fusion';
import { wordScores } from '../../core/score/pipeline';
import type { PageModel } from '../../core/score/lexical';
import { getKv, hasKv, KEYS, putKv } from '../../store/kv';
import { countedBefore, markCounted } from '../../store/score-cache';
import { appendPage, readCorpus, writeSnapshot, type CorpusAt } from './corpus-store';
import type { ServiceContext } from './context';

/**
 * Drops from the on-device model's memory (its calibration, reading and learner per model and persona seed) the
 * seeds no current persona has (edited away, or deleted) and those of `forget`. Changes `memory` in place;
 * returns whether it changed.
 */
export function pruneMemory(memory: SemanticMemory, personas: readonly Pick<ScoringPersona, 'name' | 'description' | 'keywords' | 'avoid'>[], forget: readonly string[] = []): boolean {
  const keep = new Set(personas.map(seedKey));
  for (const k of forget) keep.delete(k);
  let changed = false;
  for (const own of Object.values(memory.models)) {
    for (const k of Object.keys(own)) {
      if (keep.has(k)) continue;
      delete own[k];
      changed = true;
    }
  }
  return changed;
}

/**
 * What the curator learns from reading: the corpus statistics (document frequencies, and each persona's reading
 * profile keyed by its seed, lib/core/score `seedKey`), stored through lib/background/services/corpus-store. A persona edited,
 * deleted or told to forget loses its reading profile here (`prune`), apart from the statistics every persona shares,
 * and what the on-device model learned of it (kv "semanticMemory") with it.
 */
export function createLearning(ctx: ServiceContext) {
  const { db } = ctx;

  /**
   * The statistics this curator last stored, decoded, and where they stand: a new page then reads the small head,
   * and the pages another window logged since if any, and decodes nothing else. Dropped while they are being
   * changed, so a transaction that fails leaves no copy ahead of the database.
   */
  let statsCache: { at: CorpusAt; stats: CorpusStats } | null = null;

  /** Inside a transaction covering db.kv and db.corpusLog: the stored statistics, and where they stand (null: none stored, or an older form). */
  async function load(): Promise<{ stats: CorpusStats; at: CorpusAt | null }> {
    const read = await readCorpus(db, statsCache);
    statsCache = null;
    return read;
  }

  return {
    /**
     * Drops what no current persona uses from the corpus statistics: the reading profiles of seeds edited
     * away or deleted, and those of `forget` (a persona told to forget what it learned); the model's memory of
     * them likewise. Runs inside the caller's transaction, which must cover db.personas, db.kv and db.corpusLog.
     */
    async prune(forget: readonly string[] = []): Promise<void> {
      if (await hasKv(db, KEYS.semantic)) {
        const memory = await getKv(db, KEYS.semantic);
        if (pruneMemory(memory, await db.personas.toArray(), forget)) await putKv(db, KEYS.semantic, memory);
      }
      if (!(await hasKv(db, KEYS.corpusHead))) return;
      const { stats, at } = await load();
      const dropped = forget.filter((k) => stats.reading && Object.hasOwn(stats.reading, k));
      for (const k of dropped) delete stats.reading![k];
      if (pruneLearned(stats, await db.personas.toArray()) || dropped.length || at === null) await writeSnapshot(db, stats, at);
    },

    /**
     * Word matching for a page, in one transaction with the statistics it reads and teaches: a page not counted
     * before is counted (and marked, so a worker stopped before its scores are cached cannot count it twice);
     * one counted before (under older personas or another scorer) is scored without being counted again.
     * `counting.isNew` is set once the page is found new, even if storing it then fails: the model's calibration
     * learns from it too. Throws what storage throws.
     */
    async countAndScore(
      input: { page: PageSnapshot; hash: string; scoring: ScoringPersona[]; all: Persona[]; threshold: number; analysed: PageModel },
      counting: { isNew: boolean },
    ): Promise<PageScores> {
      const { page, hash, scoring, threshold, analysed } = input;
      const scored = await db.transaction('rw', db.kv, db.corpusLog, db.scoreCache, async () => {
        const { stats, at } = await load();
        // What no current persona uses goes before it is stored again (seeds edited away, personas deleted, in any browser).
        const pruned = pruneLearned(stats, input.all);
        if (await countedBefore(db, hash)) {
          const result = wordScores(page, scoring, stats, threshold, { learn: false, analysed });
          return { result, at: pruned || at === null ? await writeSnapshot(db, stats, at) : at };
        }
        counting.isNew = true;
        const result = wordScores(page, scoring, stats, threshold, { analysed });
        // Only what this page taught is written (a row as big as the page), unless the statistics changed otherwise.
        const next = pruned || !result.learned ? await writeSnapshot(db, stats, at) : await appendPage(db, at, stats, result.learned);
        await markCounted(db, hash, ctx.now(), result.language);
        return { result, at: next };
      });
      statsCache = { at: scored.at, stats: scored.result.stats };
      return scored.result;
    },
  };
}

export type Learning = ReturnType<typeof createLearning>;
