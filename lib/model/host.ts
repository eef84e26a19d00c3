import { env, pipeline, type FeatureExtractionPipeline } from '@huggingface/transformers';
import { t } from '../i18n/i18n';
import { modelInfo } from './catalog';
import type { ModelErrorKey, ModelStatus } from './status';
import { DEFAULT_STALL_MS, guardDownload, ModelIntegrityError, ModelTimeoutError, resolveBase, type FileCheck } from './verify';
import { ignored, orNull } from '../util/log';
import { isOutOfSpace } from '../protocol/errors';
import { stagedCache } from './staged-cache';

export type EmbedKind = 'query' | 'passage';

export interface LoadPlan {
  modelId: string;
  /** Load from the extension's own files (MODEL_DIR build) or a local folder; never the network. */
  bundled: boolean;
  /** Where downloads come from (the hub, or a local stand-in in test builds). */
  remoteHost?: string;
  /** Hub commit to download from (default "main"). */
  revision?: string;
  /** Every file a download may fetch and what it must be; required for a download. */
  files?: FileCheck[];
}

export interface HostOptions {
  /** Folder or URL holding bundled models, ending in "/". */
  localModelPath: string;
  /** Called with every status change; the browser host throttles and stores it. */
  onStatus?: (status: Partial<ModelStatus> & { modelId: string }) => void;
  /** Running in a browser (the model worker): ONNX Runtime's WASM from our own files, one thread. */
  browser?: boolean;
  /**
   * Browser only: the folder (URL ending in "/") holding ONNX Runtime's plain WASM build, `ort-wasm-simd-threaded.mjs`
   * and `.wasm`, which the build copies into the extension (wxt.config.ts). Without it, ONNX Runtime looks beside the
   * page and fails.
   */
  wasmPaths?: string;
  /** Texts per inference call. */
  batchSize?: number;
  /** Which weights: the 8-bit ones (what the browsers run; the default) or fp32 (benchmarks). */
  dtype?: 'q8' | 'fp32';
}

const HUB = 'https://huggingface.co/';

// pipeline()'s overloads make TypeScript give up ("union type too complex"): we only ever make one kind.
const featureExtraction = pipeline as unknown as (task: 'feature-extraction', model: string, options: object) => Promise<FeatureExtractionPipeline>;

/**
 * What went wrong, as a message key and its detail: the host page may be an offscreen document, which has
 * no i18n API, so the views put the words together in the person's language (lib/ui/ModelStatus).
 */
function explainLoadError(err: unknown, plan: LoadPlan): { error: ModelErrorKey; errorDetail: string | null } {
  const message = err instanceof Error ? err.message : String(err);
  if (err instanceof ModelTimeoutError) return { error: 'model_error_timeout', errorDetail: String(Math.round(err.ms / 1000)) };
  if (err instanceof ModelIntegrityError) return { error: 'model_error_integrity', errorDetail: err.file };
  if (isOutOfSpace(err)) return { error: 'model_error_space', errorDetail: null };
  if (plan.bundled) return { error: 'model_error_bundled', errorDetail: message };
  if (/Failed to fetch|NetworkError|network|ERR_/i.test(message)) return { error: 'model_error_network', errorDetail: null };
  if (/Could not locate file|404|not found/i.test(message)) return { error: 'model_error_not_found', errorDetail: message };
  return { error: 'model_error_other', errorDetail: message };
}

/**
 * The indices of `texts` in batches of at most `size`, shortest texts together: a batch is padded to its longest text,
 * and the model computes every padded position too, so mixing a title with full passages would multiply the work.
 * Length in characters stands in for length in tokens. Ties keep their order, so the batches are deterministic.
 */
export function lengthBatches(texts: readonly string[], size: number): number[][] {
  const order = texts.map((_, i) => i).sort((a, b) => texts[a]!.length - texts[b]!.length || a - b);
  const batches: number[][] = [];
  for (let i = 0; i < order.length; i += size) batches.push(order.slice(i, i + size));
  return batches;
}

/**
 * Owns one embedding model at a time: loads it lazily, queues callers behind
 * the load, reports download progress, and can be dropped and re-created at
 * any moment. In browsers it runs in a worker of the model host page (Chrome's offscreen document, Firefox's
 * background frame: lib/model/worker.ts), off the main thread the extension's pages share; in Node, in-process
 * (the CLI and unit tests).
 */
export function createModelHost(options: HostOptions) {
  const batchSize = options.batchSize ?? 16;
  let current: { key: string; pipe: Promise<FeatureExtractionPipeline>; cancel: () => void } | null = null;

  if (options.browser) {
    const wasm = env.backends.onnx.wasm;
    if (wasm) {
      // transformers.js points ONNX Runtime at a CDN outside service workers; the CSP forbids that: the build ships
      // the runtime's own files with the extension (shared/docs/FACTS.md).
      if (options.wasmPaths) wasm.wasmPaths = options.wasmPaths;
      else delete (wasm as { wasmPaths?: unknown }).wasmPaths;
      wasm.numThreads = 1; // two threads hung for minutes in an offscreen document
      wasm.proxy = false;
    }
  }

  function load(plan: LoadPlan, stallMs = DEFAULT_STALL_MS): Promise<FeatureExtractionPipeline> {
    const key = `${plan.modelId}|${plan.bundled}|${plan.remoteHost ?? ''}|${plan.revision ?? ''}`;
    if (current?.key === key) return current.pipe;
    if (current) {
      current.cancel();
      void current.pipe.then((p) => p.dispose()).catch(ignored('model-host'));
    }

    env.localModelPath = options.localModelPath;
    env.allowLocalModels = plan.bundled;
    env.allowRemoteModels = !plan.bundled;
    env.remoteHost = (plan.remoteHost ?? HUB).replace(/\/?$/, '/');
    const revision = plan.revision ?? 'main';
    // Bundled files are already on disk: keeping a second copy in Cache Storage would only cost space.
    // Downloads go through a cache that writes to Cache Storage only once the whole model has loaded.
    const cache = plan.bundled ? null : stagedCache(options.browser && typeof caches !== 'undefined' ? caches.open('transformers-cache').catch(orNull('model-host')) : null);
    if (options.browser) env.useBrowserCache = false;
    env.useCustomCache = cache !== null;
    env.customCache = cache;

    // No progress for stallMs: the load is cancelled (its downloads too) and fails with a timeout.
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const alive = () => {
      clearTimeout(timer);
      timer = setTimeout(() => controller.abort(new ModelTimeoutError(stallMs)), stallMs);
    };
    const stalled = new Promise<never>((_, reject) => controller.signal.addEventListener('abort', () => reject(controller.signal.reason as Error), { once: true }));
    stalled.catch(ignored('model-host'));

    const files = new Map<string, { loaded: number; total: number }>();
    let last = 0;
    const report = (force = false) => {
      const now = Date.now();
      if (!force && now - last < 150) return;
      last = now;
      let loaded = 0;
      let total = 0;
      for (const f of files.values()) {
        loaded += f.loaded;
        total += f.total;
      }
      options.onStatus?.({ modelId: plan.modelId, phase: plan.bundled ? 'loading' : 'downloading', loaded, total, error: null });
    };
    options.onStatus?.({ modelId: plan.modelId, phase: plan.bundled ? 'loading' : 'downloading', loaded: 0, total: 0, error: null });

    let loading: Promise<FeatureExtractionPipeline>;
    let release = () => undefined as void;
    if (!plan.bundled && !plan.files?.length) {
      loading = Promise.reject(new Error(t('model_needs_checks')));
    } else {
      if (!plan.bundled) release = guardDownload({ base: resolveBase(env.remoteHost, plan.modelId, revision), host: env.remoteHost, files: plan.files ?? [], signal: controller.signal });
      alive();
      loading = featureExtraction('feature-extraction', plan.modelId, {
        dtype: options.dtype ?? 'q8',
        ...(plan.bundled ? {} : { revision }),
        // Browsers run ONNX Runtime's WASM build; Node uses onnxruntime-node's CPU build.
        ...(options.browser ? { device: 'wasm' } : {}),
        progress_callback: (e: { status: string; file?: string; loaded?: number; total?: number }) => {
          alive();
          if (e.status === 'progress' && e.file) {
            files.set(e.file, { loaded: e.loaded ?? 0, total: e.total ?? 0 });
            report();
          } else if (e.status === 'done') report(true);
        },
      });
      // A model that finishes loading after it was given up on is freed at once.
      loading.then((p) => (controller.signal.aborted ? p.dispose() : undefined)).catch(ignored('model-host'));
    }
    const pipe = Promise.race([loading, stalled])
      .then(async (p) => {
        await cache?.commit();
        return p;
      })
      .catch((err: unknown) => {
        controller.abort(err); // the other files' downloads stop too
        throw err;
      })
      .finally(() => {
        clearTimeout(timer);
        release();
      });
    const entry = { key, pipe, cancel: () => controller.abort(new Error(t('model_load_cancelled'))) };
    current = entry;
    pipe.then(
      () => options.onStatus?.({ modelId: plan.modelId, phase: 'ready', error: null, errorDetail: null, source: plan.bundled ? 'bundled' : 'download' }),
      (err: unknown) => {
        // A load replaced by another or dropped with the host says nothing: the status row is the current model's.
        if (current !== entry) return;
        current = null; // the next request retries from scratch
        options.onStatus?.({ modelId: plan.modelId, phase: 'error', ...explainLoadError(err, plan) });
      },
    );
    return pipe;
  }

  /**
   * Embeds texts (mean-pooled, L2-normalised), in batches of similar length, with the model's prefix for the kind of
   * text. Vectors come back in the order of `texts`.
   */
  async function embed(plan: LoadPlan, texts: readonly string[], kind: EmbedKind, stallMs?: number): Promise<number[][]> {
    const extractor = await load(plan, stallMs);
    const prefix = modelInfo(plan.modelId)?.prefixes?.[kind] ?? '';
    const out: number[][] = new Array<number[]>(texts.length);
    for (const batch of lengthBatches(texts, batchSize)) {
      const tensor = await extractor(
        batch.map((i) => prefix + texts[i]!),
        { pooling: 'mean', normalize: true },
      );
      const vectors = tensor.tolist() as number[][];
      batch.forEach((i, j) => (out[i] = vectors[j]!));
      tensor.dispose?.();
    }
    return out;
  }

  return {
    load,
    embed,
    /** Frees the model (the document or page may then be closed). */
    async dispose(): Promise<void> {
      const c = current;
      current = null;
      c?.cancel();
      if (c) await c.pipe.then((p) => p.dispose()).catch(ignored('model-host'));
    },
  };
}

export type ModelHost = ReturnType<typeof createModelHost>;

/** What a host page needs of a model host: createModelHost's, or the same calls answered by a worker (./worker-client). */
export interface EmbeddingHost {
  load(plan: LoadPlan, stallMs?: number): Promise<unknown>;
  embed(plan: LoadPlan, texts: readonly string[], kind: EmbedKind, stallMs?: number): Promise<number[][]>;
  dispose(): Promise<void>;
}
