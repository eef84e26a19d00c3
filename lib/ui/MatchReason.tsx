import type { PersonaScore } from '../core/score';
import { formatList, formatNumber, languageName, t } from '../i18n/i18n';

/** Why a persona scored what it did: the words it matched, how words and meaning were blended, what it avoids. */
export function MatchReason({ reason }: { reason: PersonaScore['reason'] }) {
  return (
    <>
      <p class="reason">
        {reason.matchedTerms.length > 0 ? (
          <>
            <span class="muted">{t('matches')} </span>
            {reason.matchedTerms.map((term) => (
              <span class="chip" key={term} dir="auto">
                {term}
              </span>
            ))}
          </>
        ) : (
          <span class="muted">{t('no_words_matched')}</span>
        )}
        {reason.blend && (
          <span class="muted blend">
            {' '}
            ·{' '}
            {reason.blend.mode === 'semantic'
              ? t('score_blend_semantic', formatNumber(Math.round(reason.blend.meaning * 100)))
              : // The fusion gives a meaning of exactly 0 only while the model's calibration has no history (trust 0).
                reason.blend.meaning > 0
                ? t('score_blend_hybrid', formatNumber(Math.round(reason.blend.words * 100)), formatNumber(Math.round(reason.blend.meaning * 100)))
                : t('score_blend_learning', formatNumber(Math.round(reason.blend.words * 100)))}
          </span>
        )}
        {reason.avoidedTerms.length > 0 && (
          <span class="avoid" dir="auto">
            {' '}
            · {t('avoids_terms', formatList(reason.avoidedTerms))}
          </span>
        )}
      </p>
      {reason.unstemmed && <p class="note">{t('note_exact_words', languageName(reason.language))}</p>}
    </>
  );
}
