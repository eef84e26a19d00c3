import { browser } from 'wxt/browser';
import { isDroppedMessage } from '../messages/client';
import { KV, type CuratorDb } from '../db/db';
import type { EmbedKind, LoadPlan, ModelHost } from './host';
import type { ModelRunner } from './port';
import { writeModelStatus } from './port';

export const DEFAULT_IDLE_MS = 3 * 60_000;
/** The model host page: Chrome's offscreen document, Firefox's background iframe. */
const HOST_PAGE = 'offscreen.html';

async function idleMs(db: CuratorDb): Promise<number> {
  const v = (await db.kv.get(KV.modelIdleMs))?.value;
  return typeof v === 'number' && v > 0 ? v : DEFAULT_IDLE_MS;
}

interface Reply {
  ok: boolean;
  data?: unknown;
  error?: string;
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

  async function call(message: object): Promise<unknown> {
    let reply: Reply | undefined;
    for (let attempt = 0; ; attempt++) {
      await page.open();
      try {
        reply = (await browser.runtime.sendMessage({ target: 'model-host', idleMs: await idleMs(db), ...message })) as Reply | undefined;
        break;
      } catch (err) {
        // The host page was closed mid-inference (idle close, or the browser): open it again, once.
        if (attempt === 0 && isDroppedMessage(err)) continue;
        throw err;
      }
    }
    if (!reply) throw new Error('The model host did not answer.');
    if (!reply.ok) throw new Error(reply.error ?? 'The model failed.');
    return reply.data;
  }

  return {
    load: async (plan) => void (await call({ type: 'load', plan })),
    embed: async (plan, texts, kind) => (await call({ type: 'embed', plan, texts, kind })) as number[][],
    close: () => page.close(),
    copy: async (text) => {
      // A host opened only to copy is closed again; one serving the model keeps its idle timer.
      const wasOpen = await page.exists();
      await call({ type: 'copy', text });
      if (!wasOpen) await page.close();
    },
  };
}

/**
 * Serves model requests inside one page (Chrome's offscreen document or
 * Firefox's background page): runs the host, records status and inference
 * counts, and asks to be closed after an idle spell.
 */
export function createHostService(db: CuratorDb, host: ModelHost, onIdle: () => void) {
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
  return {
    load: (plan: LoadPlan, ms: number) => track(ms, async () => void (await host.load(plan))),
    embed: (plan: LoadPlan, texts: string[], kind: EmbedKind, ms: number) =>
      track(ms, async () => {
        const vectors = await host.embed(plan, texts, kind);
        await writeModelStatus(db, { modelId: plan.modelId }, true).catch(() => undefined);
        return vectors;
      }),
    stop: () => clearTimeout(timer),
  };
}
