import type { PageSnapshot } from '../../core/extract/snapshot';
import type { ModelChoice } from '../../model/control';
import type { PageScores, PersonaScore, ScoreMode, ScoringPersona } from '../../core/score';
import { modelScores } from '../../core/score/pipeline';
import type { Embed } from '../../core/score/hybrid';
import { getKv, KEYS, putKv } from '../../store/kv';
import { cacheScores } from '../../store/score-cache';
import { vectorCache } from '../../store/vectors';
import { ignored, logOnce } from '../../util/log';
import type { ServiceContext } from './context';
import { pruneMemory } from './learning';
import type { Persona } from '../../core/personas/schema';

export interface UpgradeInput {
  choice: ModelChoice;
  page: PageSnapshot;
  hash: string;
  lexical: PageScores;
  scoring: (ScoringPersona & { updatedAt: number })[];
  threshold: number;
  /** The page was counted just now (not a revisit): the model's calibration learns from it too. */
  learn: boolean;
  /** Every persona, enabled or not: the model's memory keeps only what they learned (one deleted in another browser goes). */
  all: readonly Persona[];
  canStore: boolean;
}

export type Upgraded = { mode: ScoreMode; scores: PersonaScore[]; upgraded: boolean };

/**
 * The model's half of a suggestion (lib/core/score/pipeline step 3), run once per page at a time: a second request
 * for the same page (another view, a refresh) joins the pass under way. Its answer is cached under `key`.
 */
export function createUpgrades(ctx: ServiceContext) {
  const { db } = ctx;
  /** Model passes running now, by score-cache key. */
  const running = new Map<string, Promise<Upgraded>>();
  /** Keys whose pass has a push promised. */
  const pushing = new Set<string>();
  const vectors = vectorCache(db, ctx.now);

  /** Caches a page's final scores under their key; a write that fails only costs a recomputation. */
  const store = (key: string, scores: PersonaScore[], language: string, mode: ScoreMode) => cacheScores(db, { key, at: ctx.now(), scores, language, mode }).catch(ignored('curator'));

  /**
   * Hybrid scores, or null when the model failed (its host records why, and the views show it; the lexical answer
   * then stands). A new page also teaches the model's calibration, which is kept when storage allows.
   */
  async function modelAnswer(input: UpgradeInput, embed: Embed): Promise<{ mode: ScoreMode; scores: PersonaScore[] } | null> {
    const { canStore, learn } = input;
    try {
      const memory = (canStore ? await getKv(db, KEYS.semantic).catch(ignored('curator')) : undefined) ?? KEYS.semantic.fallback();
      const model = { info: input.choice.info, embed, ...(canStore ? { cache: vectors } : {}) };
      const hybrid = await modelScores({ page: input.page, hash: input.hash, lexical: input.lexical, personas: input.scoring, threshold: input.threshold, model, memory, learn });
      // Its calibration and reading are kept; a write that fails only costs what this page taught.
      if (learn && canStore) {
        pruneMemory(memory, input.all);
        await putKv(db, KEYS.semantic, memory).catch(ignored('curator'));
      }
      return hybrid;
    } catch (err) {
      // Word matching's answer stands; a failed load is also in the model's status row, which the views show.
      logOnce('curator', err);
      return null;
    }
  }

  return {
    store,

    /** The model's answer for the page under `key`: the pass running for it, or a new one. */
    run(key: string, input: UpgradeInput, embed: Embed): Promise<Upgraded> {
      let upgrade = running.get(key);
      if (!upgrade) {
        upgrade = modelAnswer(input, embed)
          .then(async (upgraded) => {
            const final = upgraded ?? { mode: input.lexical.mode, scores: input.lexical.scores };
            if (input.canStore) await store(key, final.scores, input.lexical.language, final.mode);
            return { ...final, upgraded: upgraded !== null };
          })
          .finally(() => running.delete(key));
        running.set(key, upgrade);
      }
      return upgrade;
    },

    /** The views that got the word-matching answer learn the model's through one push per pass; the cache keeps it for revisits. */
    pushWhenDone(key: string, upgrade: Promise<Upgraded>): void {
      if (pushing.has(key)) return;
      pushing.add(key);
      void upgrade.then((final) => ctx.deps.onUpgraded?.({ key, mode: final.mode, suggestions: final.upgraded ? final.scores : null })).finally(() => pushing.delete(key));
    },
  };
}
