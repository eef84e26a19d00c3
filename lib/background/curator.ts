import type { Handlers } from '../protocol/router';
import { serviceContext, type CuratorDeps } from './services/context';
import { createCurate } from './services/curate';
import { createExamples } from './services/examples';
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

  const handlers: Handlers = {
    ...suggest.handlers,
    ...curate.handlers,
    ...picks.handlers,
    ...examples.handlers,
    ...personas.handlers,
    ...createSettings(ctx).handlers,
    ...createModelService(ctx).handlers,
    ...sync.handlers,
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
  };
}

export type Curator = ReturnType<typeof createCurator>;
