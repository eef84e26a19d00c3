import type { Handlers } from '../../protocol/router';
import type { PageSnapshot } from '../../core/extract/snapshot';
import { shareableUrl } from '../../core/extract/share-url';
import { MAX_EXAMPLE_TEXT, type Example } from '../../core/personas/schema';
import { seedKey } from '../../core/score';
import { withExamples } from '../../store/personas';
import { CuratorError } from '../../protocol/errors';
import { dedupeKey } from '../../util/url';
import { t } from '../../i18n/i18n';
import type { ServiceContext } from './context';
import type { Learning } from './learning';

/** What a persona learns from: a page curated for it, or a thumbs up or down. */
export function exampleFrom(page: Pick<PageSnapshot, 'title' | 'text' | 'excerpt' | 'url' | 'canonicalUrl'>, positive: boolean, source: Example['source']): Omit<Example, 'addedAt'> {
  return { positive, title: page.title.slice(0, 500), text: (page.text || page.excerpt || '').slice(0, MAX_EXAMPLE_TEXT), url: shareableUrl(page), source };
}

/** A persona's examples: added by curating and by feedback, forgotten on request with what it learned from reading. */
export function createExamples(ctx: ServiceContext, learning: Learning) {
  const { db } = ctx;

  /** Adds (or replaces, for the same article) an example on a persona, inside the caller's transaction. */
  async function addExample(personaId: string, example: Omit<Example, 'addedAt'>): Promise<boolean> {
    const persona = await db.personas.get(personaId);
    if (!persona) return false;
    const key = example.url ? dedupeKey(example.url) : null;
    const kept = persona.examples.filter((e) => !(key && e.url && dedupeKey(e.url) === key));
    await db.personas.put(withExamples(persona, [...kept, { ...example, addedAt: ctx.now() }], ctx.now()));
    return true;
  }

  const handlers: Pick<Handlers, 'feedback' | 'personas.resetExamples'> = {
    feedback: async ({ tabId, personaId, positive }) => {
      const page = await ctx.readPage(tabId);
      if (page.notArticle) throw new CuratorError('invalid', t('error_not_article_nothing_to_learn'));
      try {
        const stored = await db.transaction('rw', db.personas, () => addExample(personaId, exampleFrom(page, positive, 'thumbs')));
        if (!stored) throw new CuratorError('not-found', t('error_persona_missing'));
      } catch (err) {
        throw ctx.storageFailure(err);
      }
      const persona = await db.personas.get(personaId);
      return { examples: persona?.examples.length ?? 0 };
    },
    // "Forget these examples": the examples and what it learned from reading go together.
    'personas.resetExamples': async ({ id }) =>
      db.transaction('rw', db.personas, db.kv, db.corpusLog, async () => {
        const persona = await db.personas.get(id);
        if (!persona) return { updated: false };
        await db.personas.put(withExamples(persona, [], ctx.now()));
        await learning.prune([seedKey(persona)]);
        return { updated: true };
      }),
  };
  return { handlers, addExample };
}

export type Examples = ReturnType<typeof createExamples>;
