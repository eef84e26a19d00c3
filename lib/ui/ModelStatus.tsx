import { useEffect, useRef, useState } from 'preact/hooks';
import { db, KV } from '../db/db';
import { send } from '../messages/client';
import { modelInfo } from '../model/catalog';
import { ModelStatusSchema, progressOf, type ModelStatus } from '../model/status';
import { useLiveQuery } from './hooks';

/** The model host's status, live. */
export function useModelStatus(): ModelStatus | null {
  const { value } = useLiveQuery(async () => {
    const parsed = ModelStatusSchema.safeParse((await db().kv.get(KV.modelStatus))?.value);
    return parsed.success ? parsed.data : null;
  });
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

const mb = (bytes: number) => `${(bytes / 1_000_000).toFixed(bytes < 10_000_000 ? 1 : 0)} MB`;

/** A progress bar while the model downloads or loads, and a plain error with Retry when it fails. */
export function ModelProgress({ status }: { status: ModelStatus | null }) {
  const [retrying, setRetrying] = useState(false);
  if (!status) return null;
  const label = modelInfo(status.modelId)?.label ?? status.modelId;
  if (status.phase === 'downloading' || status.phase === 'loading') {
    const p = progressOf(status);
    const percent = p === null ? null : Math.round(p * 100);
    const verb = status.phase === 'downloading' ? 'Downloading' : 'Loading';
    return (
      <div class="model-progress" aria-live="polite">
        <p>
          {verb} the {label} model{percent !== null ? ` — ${percent}%` : '…'}
          {status.total > 0 && status.phase === 'downloading' ? ` (${mb(status.loaded)} of ${mb(status.total)})` : ''}. Meanwhile, word matching answers.
        </p>
        <div
          class="progress"
          role="progressbar"
          aria-label={`${verb} the model`}
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
        <p>{status.error ?? 'The model failed to load.'} Suggestions use word matching until it works.</p>
        <button
          type="button"
          class="secondary"
          disabled={retrying}
          onClick={() => {
            setRetrying(true);
            void send('model.retry', {}).finally(() => setRetrying(false));
          }}
        >
          Retry
        </button>
      </div>
    );
  }
  return null;
}
