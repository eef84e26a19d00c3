import { t } from '../i18n/i18n';

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

/** Turns storage failures into messages a person can act on. */
export function explainStorageError(err: unknown): CuratorError {
  if (err instanceof CuratorError) return err;
  const name = (err as { name?: string; inner?: { name?: string } })?.inner?.name ?? (err as { name?: string })?.name;
  const text = `${(err as { message?: string })?.message ?? ''} ${(err as { inner?: { message?: string } })?.inner?.message ?? ''}`;
  // A full quota, or a full disk: Chrome reports the disk as UnknownError "IO error: … FILE_ERROR_NO_SPACE"
  // for small writes and as DataError "Failed to write blobs (IOError)" for large ones.
  if (name === 'QuotaExceededError' || /NO_SPACE|No space|Failed to write blobs|disk (is )?full/i.test(text)) {
    return new CuratorError('quota', t('error_storage_full'));
  }
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
