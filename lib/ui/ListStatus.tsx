import { explainError } from '../protocol/errors';
import { t, type MessageKey } from '../i18n/i18n';

/**
 * Runs a view's action (a request to the background), clearing the last problem first and reporting a failure in
 * words through the one error mapper.
 */
export const reporting =
  (report: (problem: string | null) => void) =>
  async (action: () => Promise<unknown>): Promise<void> => {
    report(null);
    try {
      await action();
    } catch (err) {
      report(explainError(err).message);
    }
  };

/** The problem the last action ran into, if any. */
export function ProblemFlash({ problem }: { problem: string | null }) {
  return problem ? (
    <p class="flash error" role="alert">
      {problem}
    </p>
  ) : null;
}

interface Props {
  /** The live query's error: the list could not be read. */
  error: unknown;
  /** How many items the list has; undefined while it loads. */
  count: number | undefined;
  unreadable: MessageKey;
  empty: MessageKey;
}

/** What a live list shows instead of its items: that it cannot be read, is loading, or is empty; nothing once it has items. */
export function ListStatus({ error, count, unreadable, empty }: Props) {
  if (error) {
    return (
      <p class="state error" role="alert">
        {t(unreadable)}
      </p>
    );
  }
  if (count === undefined) return <p class="state">{t('loading')}</p>;
  return count === 0 ? <p class="state">{t(empty)}</p> : null;
}
