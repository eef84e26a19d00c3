import { useState } from 'preact/hooks';
import { explainError } from '../protocol/errors';
import { t } from '../i18n/i18n';

/** Each thumb's words: a good fit, or not a fit. */
const THUMBS = [
  { positive: true, label: 'good_fit_label', title: 'good_fit_title', text: 'good_fit' },
  { positive: false, label: 'not_a_fit_label', title: 'not_a_fit_title', text: 'not_a_fit' },
] as const;

interface Props {
  persona: string;
  /** Thumbs up or down: the page becomes an example for this persona. */
  onFeedback: (positive: boolean) => Promise<void>;
}

/** Thumbs up and down on one persona's suggestion, and what came of the last press. */
export function SuggestionFeedback({ persona, onFeedback }: Props) {
  const [feedback, setFeedback] = useState<{ kind: 'idle' | 'busy' | 'up' | 'down' | 'error'; message?: string }>({ kind: 'idle' });
  const rate = async (positive: boolean) => {
    setFeedback({ kind: 'busy' });
    try {
      await onFeedback(positive);
      setFeedback({ kind: positive ? 'up' : 'down' });
    } catch (err) {
      setFeedback({ kind: 'error', message: explainError(err).message });
    }
  };
  return (
    <div class="feedback">
      {THUMBS.map((thumb) => (
        <button
          key={thumb.text}
          type="button"
          class="thumb"
          aria-pressed={feedback.kind === (thumb.positive ? 'up' : 'down')}
          disabled={feedback.kind === 'busy'}
          onClick={() => void rate(thumb.positive)}
          aria-label={t(thumb.label, persona)}
          title={t(thumb.title)}
        >
          {t(thumb.text)}
        </button>
      ))}
      {(feedback.kind === 'up' || feedback.kind === 'down') && (
        <span class="muted" role="status">
          {t('feedback_thanks', persona)}
        </span>
      )}
      {feedback.kind === 'error' && (
        <span class="flash error" role="alert">
          {feedback.message}
        </span>
      )}
    </div>
  );
}
