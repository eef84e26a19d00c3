import type { FeedEntry } from '../../core/feeds/parse';
import { modelCovers, modelScores, pageHash, wordScores, type PipelinePage } from '../../core/score/pipeline';
import type { PersonaScore } from '../../core/score';
import { readSettings } from '../../store/db';
import type { FeedPick } from '../../store/feeds';
import { getKv, KEYS } from '../../store/kv';
import { vectorCache } from '../../store/vectors';
import { ignored, orNull } from '../../util/log';
import type { ServiceContext } from './context';
import { readCorpus } from './corpus-store';

/** A feed item as the pipeline reads it: its headline and the feed's summary. */
export function feedPage(entry: Pick<FeedEntry, 'title' | 'summary'>): PipelinePage {
  return { title: entry.title, text: entry.summary || entry.title, lang: null };
}

const toPick = (s: PersonaScore): FeedPick => ({ personaId: s.personaId, name: s.name, score: s.score, suggested: s.suggested });

/**
 * Scores feed items against the enabled personas through the one pipeline (lib/core/score/pipeline): word matching
 * against the corpus statistics, then the on-device model where one is chosen and reads the item's language.
 *
 * Feed items teach nothing: neither the corpus statistics (`learn: false`) nor the model's calibration and reading
 * (`learn: false`). They are headlines the person has not opened; counting them would make "what this person reads"
 * what their feeds publish, and a busy feed would outweigh the pages actually read. A pick the person curates is
 * queued unread, like a context-menu link, and teaches once they open and curate the article itself.
 */
export async function scoreFeedEntries(ctx: ServiceContext, entries: readonly Pick<FeedEntry, 'title' | 'summary'>[]): Promise<FeedPick[][]> {
  const { db, deps } = ctx;
  if (entries.length === 0) return [];
  const [personas, settings] = await Promise.all([db.personas.toArray(), readSettings(db)]);
  const scoring = personas
    .filter((p) => p.enabled)
    .map((p) => ({ id: p.id, name: p.name, description: p.description, keywords: p.keywords, avoid: p.avoid, updatedAt: p.updatedAt, examples: p.examples }));
  if (scoring.length === 0) return entries.map(() => []);
  const { threshold } = settings;
  const { stats } = await db.transaction('r', db.kv, db.corpusLog, () => readCorpus(db, null));
  const choice = await deps.model?.choose().catch(orNull('feeds'));
  const memory = choice ? await getKv(db, KEYS.semantic).catch(ignored('feeds')) : undefined;
  const vectors = vectorCache(db, ctx.now);
  const out: FeedPick[][] = [];
  for (const entry of entries) {
    const page = feedPage(entry);
    const lexical = wordScores(page, scoring, stats, threshold, { learn: false });
    let scores = lexical.scores;
    if (choice && deps.model && memory && modelCovers(choice, lexical.language)) {
      const model = deps.model;
      const embed = (texts: string[], kind: 'query' | 'passage') => model.embed(choice.plan, texts, kind);
      const hybrid = await modelScores({ page, hash: await pageHash(page), lexical, personas: scoring, threshold, model: { info: choice.info, embed, cache: vectors }, memory, learn: false }).catch(
        orNull('feeds'),
      );
      // The model failed (its host says why on the options page): word matching's answer stands.
      if (hybrid) scores = hybrid.scores;
    }
    out.push(scores.map(toPick));
  }
  return out;
}
