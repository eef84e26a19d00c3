import type { Handlers } from '../../protocol/router';
import { draftForSuggestion } from '../../core/draft/draft-for';
import type { ModelRunner } from '../../model/control';
import { CuratorError, errorText } from '../../protocol/errors';
import { t } from '../../i18n/i18n';
import { flashBadge } from './badge';
import { slug } from '../../core/handoff/utm';

/**
 * The "copy the best draft" shortcut: the tab's page is scored, the best suggestion's draft goes to the
 * clipboard (through the model host page: a service worker has none), and the toolbar badge says how it went.
 */
export function createCopyBestDraft(deps: { suggest: Handlers['suggest']; runner: Pick<ModelRunner, 'copy'>; record?: Handlers['shares.record'] }): (tabId: number) => Promise<void> {
  return async (tabId) => {
    try {
      const result = await deps.suggest({ tabId }, {});
      const best = result.suggestions.find((s) => s.suggested) ?? result.suggestions[0];
      if (!best) throw new CuratorError('not-found', result.page.notArticle ? t('copy_not_article') : t('copy_no_persona'));
      const voice = result.voices[best.personaId];
      if (!voice || !deps.runner.copy) throw new CuratorError('internal', t('copy_nothing'));
      await deps.runner.copy(draftForSuggestion(result.page, best, voice));
      // A copy is a handoff: the share log records it (and marks the article's queue item shared).
      const url = result.page.shareUrl;
      if (url && deps.record) {
        const share = { personaId: best.personaId, personaName: best.name, campaign: slug(best.name), network: 'copy' as const, url, articleUrl: url, title: result.page.title, exported: false };
        await deps.record({ shares: [share] }, {});
      }
      await flashBadge(tabId, true, t('badge_copied', best.name));
    } catch (err) {
      await flashBadge(tabId, false, t('badge_not_copied', errorText(err)));
      throw err;
    }
  };
}
