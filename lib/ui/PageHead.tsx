import type { SuggestResult } from '../protocol/requests';
import { formatDate, t, type MessageKey } from '../i18n/i18n';
import type { CurateState } from './use-tab-suggestions';

const MODE: Record<string, { name: MessageKey; help: MessageKey }> = {
  lexical: { name: 'mode_lexical', help: 'mode_help_lexical' },
  hybrid: { name: 'mode_hybrid', help: 'mode_help_hybrid' },
  semantic: { name: 'mode_semantic', help: 'mode_help_semantic' },
};

/** The host a share link goes to, as a person reads it: "theguardian.com" for https://www.theguardian.com/…. */
function sharedHost(url: string): string {
  try {
    return new URL(url).host.replace(/^www\./i, '');
  } catch {
    // Not an address: shown as it is.
    return url;
  }
}

/** "Already curated for Tech Explainer · 26 Nov 2026" (or shared). */
function seenLine(seen: NonNullable<SuggestResult['seen']>): string {
  const date = formatDate(seen.at);
  if (seen.status === 'shared') return seen.personaName ? t('seen_shared_for', seen.personaName, date) : t('seen_shared', date);
  return seen.personaName ? t('seen_curated_for', seen.personaName, date) : t('seen_curated', date);
}

interface Props {
  result: SuggestResult;
  curation: CurateState;
  onCurate: () => void;
  onRefresh: () => void;
}

/** The page being suggested for: its title, site and how it was scored, where it shares to, whether it is already queued; Curate and Refresh. */
export function PageHead({ result, curation, onCurate, onRefresh }: Props) {
  const { page } = result;
  return (
    <header class="page-head">
      <h2 id="page-title" dir="auto">
        {page.title || page.url}
      </h2>
      <p class="meta">
        <span dir="auto">{[page.siteName, page.byline].filter(Boolean).join(' · ')}</span>
        {result.suggestions.length > 0 && (
          <span class="mode" title={MODE[result.mode] ? t(MODE[result.mode]!.help) : undefined}>
            {MODE[result.mode] ? t(MODE[result.mode]!.name) : result.mode}
            {result.cached ? ` · ${t('mode_cached')}` : ''}
          </span>
        )}
      </p>
      {page.shareUrl && (
        <p class="meta share-host" title={page.shareUrl}>
          {t('shares_host', sharedHost(page.shareUrl))}
        </p>
      )}
      {result.seen && (
        <p class="seen" role="note">
          {seenLine(result.seen)}
        </p>
      )}
      <div class="actions">
        <button type="button" class="primary" onClick={onCurate} disabled={curation.kind === 'busy'}>
          {curation.kind === 'busy' ? t('curating') : t('curate')}
        </button>
        <button type="button" class="secondary" onClick={onRefresh}>
          {t('refresh')}
        </button>
      </div>
      {curation.kind === 'done' && (
        <p class="flash ok" role="status">
          {curation.message}
        </p>
      )}
      {curation.kind === 'error' && (
        <p class="flash error" role="alert">
          {curation.message}
        </p>
      )}
    </header>
  );
}
