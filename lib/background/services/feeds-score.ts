import { feedLink, type FeedEntry } from '../../core/feeds/parse';
import { modelScoreLinks, wordScoreLinks } from '../../core/score/picks';
import type { PersonaScore } from '../../core/score';
import { readSettings } from '../../store/db';
import type { FeedPick } from '../../store/feeds';
import { getKv, KEYS } from '../../store/kv';
import { vectorCache } from '../../store/vectors';
import { ignored, orNull } from '../../util/log';
import type { ServiceContext } from './context';
import { readCorpus } from './corpus-store';

const toPick = (s: PersonaScore): FeedPick => ({ personaId: s.personaId, name: s.name, score: s.score, suggested: s.suggested });

/**
 * Scores feed items against the enabled personas as a page's links are scored (lib/core/score/picks, through the one
 * pipeline): word matching against the corpus statistics, then the on-device model where one is chosen and reads the
 * item's language. A refresh's new items are one batch, as a front page's links are.
 *
 * Feed items teach nothing: neither the corpus statistics (`learn: false`) nor the model's calibration and reading
 * (`learn: false`). They are headlines the person has not opened; counting them would make "what this person reads"
 * what their feeds publish, and a busy feed would outweigh the pages actually read. A pick the person curates is
 * queued unread, like a context-menu link, and teaches once they open and curate the article itself.
 */
export async function scoreFeedEntries(ctx: ServiceContext, entries: readonly Pick<FeedEntry, 'url' | 'title' | 'summary'>[]): Promise<FeedPick[][]> {
  const { db, deps } = ctx;
  if (entries.length === 0) return [];
  const [personas, settings] = await Promise.all([db.personas.toArray(), readSettings(db)]);
  const scoring = personas
    .filter((p) => p.enabled)
    .map((p) => ({ id: p.id, name: p.name, description: p.description, keywords: p.keywords, avoid: p.avoid, updatedAt: p.updatedAt, examples: p.examples }));
  if (scoring.length === 0) return entries.map(() => []);
  const { threshold } = settings;
  const { stats } = await db.transaction('r', db.kv, db.corpusLog, () => readCorpus(db, null));
  const links = entries.map(feedLink);
  let scored = await wordScoreLinks(links, scoring, stats, threshold);
  const choice = await deps.model?.choose().catch(orNull('feeds'));
  const memory = choice ? await getKv(db, KEYS.semantic).catch(ignored('feeds')) : undefined;
  if (choice && deps.model && memory) {
    const model = deps.model;
    const embed = (texts: string[], kind: 'query' | 'passage') => model.embed(choice.plan, texts, kind);
    const refined = await modelScoreLinks(scored, scoring, threshold, { info: choice.info, embed, cache: vectorCache(db, ctx.now) }, memory).catch(orNull('feeds'));
    // The model failed (its host says why on the options page): word matching's answer stands.
    if (refined) scored = refined.links;
  }
  return scored.map((s) => s.scores.map(toPick));
}
