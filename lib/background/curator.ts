import type { Handlers } from '../protocol/router';
import { parsePersonaFile } from '../core/personas/transfer';
import { serviceContext, type CuratorDeps } from './services/context';
import { createCurate } from './services/curate';
import { createExamples } from './services/examples';
import { createFeeds } from './services/feeds';
import { createImpact } from './services/impact';
import { createLearning } from './services/learning';
import { createModelService } from './services/model';
import { createPersonas } from './services/personas';
import { createPicks } from './services/picks';
import { createSettings } from './services/settings';
import { createSuggest } from './services/suggest';
import { createSyncService } from './services/sync';

export type { CuratorDeps, Phases } from './services/context';

/**
 * The background's logic, free of browser APIs, composed of its services (lib/background/services): suggestions
 * through the one scoring pipeline, the curated queue, personas and their examples, settings, model control, and
 * sync's deletion markers. Every write is one Dexie transaction, so a service worker stopped at any moment
 * leaves either the old state or the new one.
 */
export function createCurator(deps: CuratorDeps) {
  const ctx = serviceContext(deps);
  const learning = createLearning(ctx);
  let picks: ReturnType<typeof createPicks> | null = null;
  const suggest = createSuggest(ctx, learning, (tabId, page) => picks?.remember(tabId, page));
  const examples = createExamples(ctx, learning);
  const curate = createCurate(ctx, (page, tabId) => suggest.suggestForPage(page, tabId), examples);
  picks = createPicks(ctx, curate.saveToQueue);
  const sync = createSyncService(ctx);
  const personas = createPersonas(ctx, learning, sync);
  const feeds = createFeeds(ctx, deps.feeds, (item) => curate.saveToQueue(item));

  const handlers: Handlers = {
    ...suggest.handlers,
    ...curate.handlers,
    ...picks.handlers,
    ...examples.handlers,
    ...personas.handlers,
    ...createSettings(ctx).handlers,
    ...createModelService(ctx).handlers,
    ...sync.handlers,
    ...feeds.handlers,
    // A persona pack may carry the feeds followed when it was exported: they are followed too.
    'personas.import': async (payload, sender) => {
      const result = await personas.handlers['personas.import'](payload, sender);
      const parsed = parsePersonaFile(payload.text);
      const followed = parsed.ok && parsed.file.feeds?.length ? await feeds.follow(parsed.file.feeds) : 0;
      return followed ? { ...result, feeds: followed } : result;
    },
    ...createImpact(ctx).handlers,
  };

  return {
    handlers,
    suggestForPage: suggest.suggestForPage,
    curatePage: curate.curatePage,
    saveToQueue: curate.saveToQueue,
    /** Already queued or shared? For the toolbar badge when a tab we may see finishes loading. */
    seenForUrl: (url: string) => suggest.seenStatus({ url, canonicalUrl: null }),
    installSamples: personas.installSamples,
    curateFromContextMenu: curate.curateFromContextMenu,
    /** Feeds: every one refreshed (the schedule's alarm), and a refresh a stopped worker left half done resumed. */
    refreshFeeds: feeds.refreshAll,
    resumeFeeds: feeds.resume,
  };
}

export type Curator = ReturnType<typeof createCurator>;
