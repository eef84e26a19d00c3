import { t } from '../i18n/i18n';
import type { Reply } from './envelope';

/** Error codes a view knows how to explain. */
export type ErrorCode = 'bad-request' | 'forbidden' | 'unreadable' | 'no-access' | 'no-tab' | 'timeout' | 'not-found' | 'invalid' | 'quota' | 'storage' | 'internal';

/** An error whose message is written for the person, carried across messaging intact. */
export class CuratorError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'CuratorError';
  }
}

/** The error's own name, or that of the error it wraps (Dexie wraps the browser's in `inner`). */
const nameOf = (err: unknown) => (err as { name?: string; inner?: { name?: string } })?.inner?.name ?? (err as { name?: string })?.name;

/**
 * The disk or the origin's quota is full. Chrome reports a full disk as UnknownError "IO error: … FILE_ERROR_NO_SPACE"
 * for small writes and as DataError "Failed to write blobs (IOError)" for large ones; Cache Storage (the model's
 * downloads) says "quota".
 */
export function isOutOfSpace(err: unknown): boolean {
  const text = `${(err as { message?: string })?.message ?? ''} ${(err as { inner?: { message?: string } })?.inner?.message ?? ''}`;
  return nameOf(err) === 'QuotaExceededError' || /quota|NO_SPACE|No space|Failed to write blobs|disk (is )?full/i.test(text);
}

/**
 * The one way an error becomes words: a CuratorError as it is, a storage failure as a message a person can act on,
 * anything else as an internal error with its detail.
 */
export function explainError(err: unknown): CuratorError {
  if (err instanceof CuratorError) return err;
  if (isOutOfSpace(err)) return new CuratorError('quota', t('error_storage_full'));
  const name = nameOf(err);
  // A transaction the browser aborted, or an I/O error it won't name: on a full disk Chrome aborts
  // the transaction and closes the connection, and all we see is AbortError or UnknownError.
  if (name === 'AbortError' || name === 'UnknownError' || name === 'DatabaseClosedError' || name === 'DataError') {
    return new CuratorError('quota', t('error_storage_failing'));
  }
  if (name === 'InvalidStateError' || name === 'MissingAPIError' || name === 'OpenFailedError') {
    return new CuratorError('storage', t('error_storage_unavailable'));
  }
  return new CuratorError('internal', t('error_internal', err instanceof Error ? err.message : String(err)));
}

/** The words for any error, as a view or the toolbar badge shows them. */
export const errorText = (err: unknown): string => explainError(err).message;

/** The storage is full or will not open: the database may need opening again. */
export const isStorageFailure = (e: CuratorError) => e.code === 'quota' || e.code === 'storage';

/** A failed request's reply. */
export const failure = (e: CuratorError): Reply<never> => ({ ok: false, error: { code: e.code, message: e.message } });
