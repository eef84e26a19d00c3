import { env, pipeline, type FeatureExtractionPipeline } from '@huggingface/transformers';
import { modelInfo } from './catalog';
import type { ModelErrorKey, ModelStatus } from './status';

export type EmbedKind = 'query' | 'passage';

export interface LoadPlan {
  modelId: string;
  /** Load from the extension's own files (MODEL_DIR build) or a local folder; never the network. */
  bundled: boolean;
  /** Where downloads come from (the hub, or a local stand-in in test builds). */
  remoteHost?: string;
}

export interface HostOptions {
  /** Folder or URL holding bundled models, ending in "/". */
  localModelPath: string;
  /** Called with every status change; the browser host throttles and stores it. */
  onStatus?: (status: Partial<ModelStatus> & { modelId: string }) => void;
  /** Running in a browser page: ONNX Runtime's WASM from our own files, one thread. */
  browser?: boolean;
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
  const name = (err as { name?: string })?.name;
  const message = err instanceof Error ? err.message : String(err);
  if (name === 'QuotaExceededError' || /quota/i.test(message)) return { error: 'model_error_space', errorDetail: null };
  if (plan.bundled) return { error: 'model_error_bundled', errorDetail: message };
  if (/Failed to fetch|NetworkError|network|ERR_/i.test(message)) return { error: 'model_error_network', errorDetail: null };
  if (/Could not locate file|404|not found/i.test(message)) return { error: 'model_error_not_found', errorDetail: message };
  return { error: 'model_error_other', errorDetail: message };
}

/**
 * Owns one embedding model at a time: loads it lazily, queues callers behind
 * the load, reports download progress, and can be dropped and re-created at
 * any moment. The same module runs in Chrome's offscreen document, Firefox's
 * background page and Node (the CLI and unit tests).
 */
export function createModelHost(options: HostOptions) {
  const batchSize = options.batchSize ?? 16;
  let current: { key: string; pipe: Promise<FeatureExtractionPipeline> } | null = null;

  if (options.browser) {
    const wasm = env.backends.onnx.wasm;
    if (wasm) {
      // transformers.js points ONNX Runtime at a CDN outside service workers; the CSP forbids that, and
      // Vite already ships the .wasm with the extension (shared/docs/FACTS.md).
      delete (wasm as { wasmPaths?: unknown }).wasmPaths;
      wasm.numThreads = 1; // two threads hung for minutes in an offscreen document
      wasm.proxy = false;
    }
  }

  function load(plan: LoadPlan): Promise<FeatureExtractionPipeline> {
    const key = `${plan.modelId}|${plan.bundled}|${plan.remoteHost ?? ''}`;
    if (current?.key === key) return current.pipe;
    if (current) void current.pipe.then((p) => p.dispose()).catch(() => undefined);

    env.localModelPath = options.localModelPath;
    env.allowLocalModels = plan.bundled;
    env.allowRemoteModels = !plan.bundled;
    env.remoteHost = plan.remoteHost ?? HUB;
    // Bundled files are already on disk: keeping a second copy in Cache Storage would only cost space.
    if (options.browser) env.useBrowserCache = !plan.bundled;

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

    const pipe = featureExtraction('feature-extraction', plan.modelId, {
      dtype: options.dtype ?? 'q8',
      // Browsers run ONNX Runtime's WASM build; Node uses onnxruntime-node's CPU build.
      ...(options.browser ? { device: 'wasm' } : {}),
      progress_callback: (e: { status: string; file?: string; loaded?: number; total?: number }) => {
        if (e.status === 'progress' && e.file) {
          files.set(e.file, { loaded: e.loaded ?? 0, total: e.total ?? 0 });
          report();
        } else if (e.status === 'done') report(true);
      },
    });
    const entry = { key, pipe };
    current = entry;
    pipe.then(
      () => options.onStatus?.({ modelId: plan.modelId, phase: 'ready', error: null, errorDetail: null, source: plan.bundled ? 'bundled' : 'download' }),
      (err: unknown) => {
        if (current === entry) current = null; // the next request retries from scratch
        options.onStatus?.({ modelId: plan.modelId, phase: 'error', ...explainLoadError(err, plan) });
      },
    );
    return pipe;
  }

  /** Embeds texts (mean-pooled, L2-normalised), in batches, with the model's prefix for the kind of text. */
  async function embed(plan: LoadPlan, texts: readonly string[], kind: EmbedKind): Promise<number[][]> {
    const extractor = await load(plan);
    const prefix = modelInfo(plan.modelId)?.prefixes?.[kind] ?? '';
    const out: number[][] = [];
    for (let i = 0; i < texts.length; i += batchSize) {
      const batch = texts.slice(i, i + batchSize).map((t) => prefix + t);
      const tensor = await extractor(batch, { pooling: 'mean', normalize: true });
      out.push(...(tensor.tolist() as number[][]));
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
      if (c) await c.pipe.then((p) => p.dispose()).catch(() => undefined);
    },
  };
}

export type ModelHost = ReturnType<typeof createModelHost>;
