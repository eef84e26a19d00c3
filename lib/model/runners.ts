import { browser } from 'wxt/browser';
import { KV, type CuratorDb } from '../db/db';
import type { EmbedKind, LoadPlan, ModelHost } from './host';
import type { ModelRunner } from './port';
import { writeModelStatus } from './port';

export const DEFAULT_IDLE_MS = 3 * 60_000;
const OFFSCREEN_PATH = 'offscreen.html';

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

/**
 * Chrome: the model runs in an offscreen document, created on demand and
 * closed when idle; the service worker only routes messages to it. Only one
 * offscreen document may exist, so creation is serialised.
 */
export function offscreenRunner(db: CuratorDb): ModelRunner {
  const offscreen = (browser as unknown as { offscreen: OffscreenApi }).offscreen;
  const runtime = browser.runtime as unknown as ContextsApi;
  const url = browser.runtime.getURL(`/${OFFSCREEN_PATH}`);
  let creating: Promise<void> | null = null;

  async function exists(): Promise<boolean> {
    return (await runtime.getContexts({ contextTypes: ['OFFSCREEN_DOCUMENT'], documentUrls: [url] })).length > 0;
  }

  async function ensure(): Promise<void> {
    if (await exists()) return;
    creating ??= offscreen
      .createDocument({ url: OFFSCREEN_PATH, reasons: ['WORKERS'], justification: 'Runs the on-device embedding model that scores pages against your personas.' })
      .catch((err: unknown) => {
        // Another caller won the race: the document exists, which is what we wanted.
        if (!/single offscreen|only a single/i.test(String(err))) throw err;
      })
      .finally(() => {
        creating = null;
      });
    await creating;
  }

  async function call(message: object): Promise<unknown> {
    await ensure();
    const reply = (await browser.runtime.sendMessage({ target: 'model-host', idleMs: await idleMs(db), ...message })) as Reply | undefined;
    if (!reply) throw new Error('The model host did not answer.');
    if (!reply.ok) throw new Error(reply.error ?? 'The model failed.');
    return reply.data;
  }

  return {
    load: async (plan) => void (await call({ type: 'load', plan })),
    embed: async (plan, texts, kind) => (await call({ type: 'embed', plan, texts, kind })) as number[][],
    close: async () => {
      if (await exists()) await offscreen.closeDocument();
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

/** Firefox: no offscreen documents, so the same host runs in the background page. */
export function inProcessRunner(db: CuratorDb, makeHost: () => Promise<ModelHost>): ModelRunner {
  let state: { host: ModelHost; service: ReturnType<typeof createHostService> } | null = null;
  const get = async () => {
    if (!state) {
      const host = await makeHost();
      const service = createHostService(db, host, () => void close());
      state = { host, service };
    }
    return state;
  };
  const close = async () => {
    const s = state;
    state = null;
    s?.service.stop();
    await s?.host.dispose();
  };
  return {
    load: async (plan) => (await get()).service.load(plan, await idleMs(db)),
    embed: async (plan, texts, kind) => (await get()).service.embed(plan, texts, kind, await idleMs(db)),
    close,
  };
}
