import { browser } from 'wxt/browser';
import { t } from '../i18n/i18n';
import { isDroppedMessage, post, unwrap } from '../protocol/client';
import type { Reply } from '../protocol/envelope';
import type { ModelHostPayload, ModelHostResponses, ModelHostType } from '../protocol/model-host';
import type { CuratorDb } from '../store/db';
import { getKv, KEYS } from '../store/kv';
// Types only from ./host: a value import would pull transformers.js (and its WASM, inlined) into the service worker.
import type { EmbedKind, EmbeddingHost, LoadPlan } from './host';
import type { ModelRunner } from './control';
import { readModelStatus, writeModelStatus } from './control';
import { DEFAULT_STALL_MS, ModelTimeoutError } from './verify';
import { ignored, orNull } from '../util/log';

export const DEFAULT_IDLE_MS = 3 * 60_000;
/** The model host page: Chrome's offscreen document, Firefox's background iframe. */
const HOST_PAGE = 'offscreen.html';

async function idleMs(db: CuratorDb): Promise<number> {
  return (await getKv(db, KEYS.modelIdleMs)) ?? DEFAULT_IDLE_MS;
}

/** How long the model may show no sign of life before it is given up on (ms); tests shorten it. */
export async function stallMs(db: CuratorDb): Promise<number> {
  return (await getKv(db, KEYS.modelStallMs)) ?? DEFAULT_STALL_MS;
}

/**
 * Waits for the host's answer while it shows signs of life: an answer, or a status change (download progress,
 * a finished inference). Silence for `ms` past the host's own watchdog means the page is stuck (ONNX Runtime's
 * WASM blocks its thread while it runs, so the page cannot time itself out then): give up.
 */
async function whileAlive<T>(db: CuratorDb, work: Promise<T>, ms: number): Promise<T> {
  const started = Date.now();
  const limit = ms + Math.min(5_000, ms);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const watch = new Promise<never>((_, reject) => {
    const check = async () => {
      const status = await readModelStatus(db).catch(orNull('model-runner'));
      const lastSign = Math.max(started, status?.updatedAt ?? 0);
      if (Date.now() - lastSign > limit) reject(new ModelTimeoutError(ms));
      else timer = setTimeout(() => void check(), Math.min(1_000, limit / 4));
    };
    timer = setTimeout(() => void check(), Math.min(1_000, limit / 4));
  });
  try {
    return await Promise.race([work, watch]);
  } finally {
    clearTimeout(timer);
  }
}

type OffscreenApi = {
  createDocument(o: { url: string; reasons: string[]; justification: string }): Promise<void>;
  closeDocument(): Promise<void>;
};
type ContextsApi = { getContexts(f: { contextTypes: string[]; documentUrls?: string[] }): Promise<unknown[]> };

/** Where the model host page lives and how to open and close it. */
interface HostPage {
  exists(): Promise<boolean>;
  open(): Promise<void>;
  close(): Promise<void>;
}

/** Chrome: an offscreen document. Only one may exist, so creation is serialised. */
function offscreenPage(): HostPage {
  const offscreen = (browser as unknown as { offscreen: OffscreenApi }).offscreen;
  const runtime = browser.runtime as unknown as ContextsApi;
  const url = (browser.runtime.getURL as (p: string) => string)(`/${HOST_PAGE}`);
  let creating: Promise<void> | null = null;
  const exists = async () => (await runtime.getContexts({ contextTypes: ['OFFSCREEN_DOCUMENT'], documentUrls: [url] })).length > 0;
  return {
    exists,
    async open() {
      if (await exists()) return;
      creating ??= offscreen
        .createDocument({
          url: HOST_PAGE,
          reasons: ['WORKERS', 'CLIPBOARD'],
          justification: 'Runs the on-device embedding model that scores pages against your personas, and copies a draft when you press the shortcut.',
        })
        .catch((err: unknown) => {
          // Another caller won the race: the document exists, which is what we wanted.
          if (!/single offscreen|only a single/i.test(String(err))) throw err;
        })
        .finally(() => {
          creating = null;
        });
      await creating;
    },
    async close() {
      if (await exists()) await offscreen.closeDocument();
    },
  };
}

/**
 * Firefox has no offscreen documents: the same host page runs in a hidden
 * iframe inside the background page, added on demand and removed when idle.
 * (Importing the host into the background script itself would inline ONNX
 * Runtime's WASM into it as 58 MB of base64.)
 */
function backgroundFrame(): HostPage {
  const url = (browser.runtime.getURL as (p: string) => string)(`/${HOST_PAGE}`);
  let frame: HTMLIFrameElement | null = null;
  let loading: Promise<void> | null = null;
  return {
    exists: async () => frame !== null,
    async open() {
      if (frame) return loading ?? undefined;
      frame = document.createElement('iframe');
      frame.hidden = true;
      frame.src = url;
      const f = frame;
      loading = new Promise<void>((resolve) => f.addEventListener('load', () => resolve(), { once: true }));
      document.body.append(frame);
      await loading;
    },
    async close() {
      frame?.remove();
      frame = null;
      loading = null;
    },
  };
}

/**
 * The model runs in its own page, off the page being read and out of the
 * service worker, created on demand and closed when idle; the background
 * only routes messages to it. Chrome uses an offscreen document, Firefox an
 * iframe in its background page: the same page and module either way.
 */
export function hostPageRunner(db: CuratorDb, kind: 'offscreen' | 'frame'): ModelRunner {
  const page = kind === 'offscreen' ? offscreenPage() : backgroundFrame();

  async function call<T extends ModelHostType>(type: T, payload: ModelHostPayload<T>): Promise<ModelHostResponses[T]> {
    // Loads and inferences are watched for signs of life; a copy answers at once.
    const stall = 'stallMs' in payload ? payload.stallMs : null;
    let reply: Reply<ModelHostResponses[T]> | undefined;
    for (let attempt = 0; ; attempt++) {
      await page.open();
      try {
        const sent = post<ModelHostResponses[T]>(type, payload);
        reply = await (stall === null ? sent : whileAlive(db, sent, stall));
        break;
      } catch (err) {
        // The host page was closed mid-inference (idle close, or the browser): open it again, once.
        if (attempt === 0 && isDroppedMessage(err)) continue;
        if (err instanceof ModelTimeoutError) {
          // A stuck host is closed, so the next request (or Retry) starts from a fresh page.
          await page.close().catch(ignored('model-runner'));
          if (type === 'model-host.load' && 'plan' in payload)
            await writeModelStatus(db, { modelId: payload.plan.modelId, phase: 'error', error: 'model_error_timeout', errorDetail: String(Math.round(err.ms / 1000)) }).catch(ignored('model-runner'));
        }
        throw err;
      }
    }
    return unwrap(reply, () => t('model_host_silent'));
  }

  /** How long the host may stay idle and a load may stall: read per request, tests shorten them. */
  const timing = async () => ({ idleMs: await idleMs(db), stallMs: await stallMs(db) });

  return {
    load: async (plan) => void (await call('model-host.load', { plan, ...(await timing()) })),
    embed: async (plan, texts, kind) => call('model-host.embed', { plan, texts, kind, ...(await timing()) }),
    close: () => page.close(),
    copy: async (text) => {
      // A host opened only to copy is closed again; one serving the model keeps its idle timer.
      const wasOpen = await page.exists();
      await call('model-host.copy', { text });
      if (!wasOpen) await page.close();
    },
  };
}

/**
 * Serves model requests inside one page (Chrome's offscreen document or
 * Firefox's background page): runs the host, records status and inference
 * counts, and asks to be closed after an idle spell.
 */
export function createHostService(db: CuratorDb, host: EmbeddingHost, onIdle: () => void) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let busy = 0;
  const arm = (ms: number) => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (busy === 0) onIdle();
    }, ms);
  };
  const track = async <T>(ms: number, work: () => Promise<T>): Promise<T> => {
    busy++;
    clearTimeout(timer);
    try {
      return await work();
    } finally {
      busy--;
      arm(ms);
    }
  };
  // A load that failed or stalled closes the host (after its answer has gone out): whatever is stuck inside
  // ONNX Runtime or a download goes with the page, and a retry starts in a fresh one.
  const closeAfterFailure = <T>(work: Promise<T>): Promise<T> =>
    work.catch((err: unknown) => {
      clearTimeout(timer);
      setTimeout(() => {
        if (busy === 0) onIdle();
      }, 0);
      throw err;
    });
  return {
    load: (plan: LoadPlan, ms: number, stall?: number) => track(ms, async () => void (await closeAfterFailure(host.load(plan, stall)))),
    embed: (plan: LoadPlan, texts: string[], kind: EmbedKind, ms: number, stall?: number) =>
      track(ms, async () => {
        await closeAfterFailure(host.load(plan, stall));
        const vectors = await host.embed(plan, texts, kind, stall);
        await writeModelStatus(db, { modelId: plan.modelId }, true).catch(ignored('model-runner'));
        return vectors;
      }),
    stop: () => clearTimeout(timer),
  };
}
