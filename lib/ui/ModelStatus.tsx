import { useEffect, useRef, useState } from 'preact/hooks';
import { db } from '../store/db';
import { getKv, KEYS } from '../store/kv';
import { send } from '../protocol/client';
import { modelInfo } from '../model/catalog';
import { isModelErrorKey, progressOf, type ModelStatus } from '../model/status';
import { useLiveQuery } from './hooks';
import { formatMegabytes, formatPercent, t } from '../i18n/i18n';
import { modelLabel } from './labels';

/** The model host's status, live. */
export function useModelStatus(): ModelStatus | null {
  const { value } = useLiveQuery(() => getKv(db(), KEYS.modelStatus));
  return value ?? null;
}

/** Calls `onReady` when the model becomes ready after having been busy, so a view can ask again. */
export function useOnModelReady(status: ModelStatus | null, onReady: () => void): void {
  const previous = useRef(status?.phase);
  useEffect(() => {
    const was = previous.current;
    previous.current = status?.phase;
    if (status?.phase === 'ready' && was !== undefined && was !== 'ready') onReady();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [status?.phase]);
}

/** The model host's error in the person's language (it is stored as a message key and a detail). */
function modelError(status: Pick<ModelStatus, 'error' | 'errorDetail'>): string {
  if (isModelErrorKey(status.error)) return t(status.error, status.errorDetail ?? '');
  return status.error ?? t('model_failed');
}

/** A progress bar while the model downloads or loads, and a plain error with Retry when it fails. */
export function ModelProgress({ status }: { status: ModelStatus | null }) {
  const [retrying, setRetrying] = useState(false);
  if (!status) return null;
  const label = modelLabel(status.modelId, modelInfo(status.modelId)?.label ?? status.modelId);
  if (status.phase === 'downloading' || status.phase === 'loading') {
    const p = progressOf(status);
    const percent = p === null ? null : Math.round(p * 100);
    const downloading = status.phase === 'downloading';
    const text =
      percent === null
        ? t(downloading ? 'model_downloading_started' : 'model_loading_started', label)
        : downloading && status.total > 0
          ? t('model_downloading_bytes', label, formatPercent(percent / 100), formatMegabytes(status.loaded), formatMegabytes(status.total))
          : t(downloading ? 'model_downloading_percent' : 'model_loading_percent', label, formatPercent(percent / 100));
    return (
      <div class="model-progress" aria-live="polite">
        <p>{text}</p>
        <div
          class="progress"
          role="progressbar"
          aria-label={t(downloading ? 'model_downloading_label' : 'model_loading_label')}
          aria-valuemin={0}
          aria-valuemax={100}
          {...(percent !== null ? { 'aria-valuenow': percent } : {})}
        >
          <span style={{ width: `${percent ?? 5}%` }} />
        </div>
      </div>
    );
  }
  if (status.phase === 'error') {
    return (
      <div class="model-progress error" role="alert">
        <p>
          {modelError(status)} {t('model_failed_fallback')}
        </p>
        <button
          type="button"
          class="secondary"
          disabled={retrying}
          onClick={() => {
            setRetrying(true);
            void send('model.retry', {}).finally(() => setRetrying(false));
          }}
        >
          {t('retry')}
        </button>
      </div>
    );
  }
  return null;
}
