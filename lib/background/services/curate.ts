import type { Handlers } from '../../protocol/router';
import type { SuggestResult } from '../../protocol/requests';
import type { PageSnapshot } from '../../core/extract/snapshot';
import { shareableUrl } from '../../core/extract/share-url';
import type { Example } from '../../core/personas/schema';
import { putQueueItem, setQueueStatus, type QueueInput } from '../../store/queue';
import type { CurateSource, QueueItem } from '../../store/schema';
import { CuratorError } from '../../protocol/errors';
import { isHttpUrl } from '../../util/url';
import { simhash } from '../../util/simhash';
import { t } from '../../i18n/i18n';
import type { ServiceContext } from './context';
import { exampleFrom, type Examples } from './examples';

/** What the context menu tells the curator. */
export interface MenuClick {
  menuItemId: string | number;
  selectionText?: string;
  linkUrl?: string;
  linkText?: string;
  pageUrl?: string;
}

/** The curated queue: pages, selections and links queued for a persona, one item per article. */
export function createCurate(ctx: ServiceContext, suggestForPage: (page: PageSnapshot, tabId: number) => Promise<SuggestResult>, examples: Examples) {
  const { db, deps } = ctx;

  async function saveToQueue(item: QueueInput, example?: Omit<Example, 'addedAt'>): Promise<QueueItem> {
    if (!isHttpUrl(item.url)) throw new CuratorError('unreadable', t('error_only_web_pages'));
    const at = ctx.now();
    try {
      // The item and what its persona learns from it are stored together or not at all.
      return await db.transaction('rw', db.queue, db.personas, async () => {
        if (example && item.personaId) await examples.addExample(item.personaId, example);
        // The same article is one item: curating again refreshes it rather than adding a copy.
        return putQueueItem(db, item, at);
      });
    } catch (err) {
      throw ctx.storageFailure(err);
    }
  }

  async function curatePage(page: PageSnapshot, tabId: number, source: CurateSource, personaId?: string): Promise<QueueItem> {
    const result = await suggestForPage(page, tabId);
    const pick = personaId ? result.suggestions.find((s) => s.personaId === personaId) : result.suggestions[0];
    if (personaId && !pick) throw new CuratorError('not-found', t('error_persona_gone'));
    return saveToQueue(
      {
        url: shareableUrl(page) ?? page.url,
        title: page.title || page.url,
        siteName: page.siteName,
        personaId: pick?.personaId ?? null,
        personaName: pick?.name ?? null,
        score: pick?.score ?? null,
        quote: page.selection ?? pick?.reason.passage ?? page.excerpt ?? '',
        simhash: page.notArticle ? null : simhash(page.text),
        source,
      },
      // Curating teaches the persona, unless the page is not an article (nothing to learn from).
      page.notArticle ? undefined : exampleFrom(page, true, 'curate'),
    );
  }

  /**
   * The "Curate this" context menu: a page or a selection is read and scored;
   * a link is queued as it is, unread (we never fetch pages behind the
   * person's back), titled by its text when the browser gives it.
   */
  async function curateFromContextMenu(info: MenuClick, tabId: number | undefined): Promise<QueueItem> {
    if (info.linkUrl && info.menuItemId === 'curate-link') {
      if (!isHttpUrl(info.linkUrl)) throw new CuratorError('unreadable', t('error_only_web_links'));
      const title = (info.linkText ?? info.selectionText ?? '').replace(/\s+/g, ' ').trim().slice(0, 500);
      return saveToQueue({
        url: info.linkUrl,
        title: title || info.linkUrl,
        siteName: new URL(info.linkUrl).hostname,
        personaId: null,
        personaName: null,
        score: null,
        quote: '',
        source: 'context-link',
      });
    }
    if (tabId === undefined || tabId < 0) throw new CuratorError('no-tab', t('error_no_tab'));
    const page = await ctx.readPage(tabId);
    const selection = info.selectionText?.replace(/\s+/g, ' ').trim().slice(0, 5_000);
    const withSelection = selection ? { ...page, selection } : page;
    return curatePage(withSelection, tabId, selection ? 'context-selection' : 'context-page');
  }

  const handlers: Pick<Handlers, 'curate' | 'queue.remove' | 'queue.setStatus'> = {
    curate: async ({ tabId, personaId, source }) => {
      const item = await curatePage(await ctx.readPage(tabId), tabId, source, personaId);
      deps.onSeen?.(tabId, { status: item.status, personaName: item.personaName, at: item.updatedAt });
      return item;
    },
    'queue.remove': async ({ id }) => {
      const had = await db.queue.get(id);
      await db.queue.delete(id);
      return { removed: Boolean(had) };
    },
    'queue.setStatus': async ({ id, status }) => ({ updated: await setQueueStatus(db, id, status, ctx.now()) }),
  };
  return { handlers, saveToQueue, curatePage, curateFromContextMenu };
}
