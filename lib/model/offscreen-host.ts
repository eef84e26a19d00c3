import { browser } from 'wxt/browser';
import type { CuratorDb } from '../store/db';
import { t } from '../i18n/i18n';
import { ModelHostRequestSchema, isModelHostMessage } from './messages';
import { writeModelStatus } from './port';
import { createHostService } from './runners';
import { createWorkerHost, type WorkerLike } from './worker-client';
import { ignored } from '../util/log';

/**
 * The model host's message loop in its page (Chrome's offscreen document, or
 * the iframe in Firefox's background page). It answers
 * only `target: "model-host"` messages from this extension's service worker,
 * validated on arrival; everything else sent between extension pages is left
 * to its own listener. The model itself runs in a worker this page starts (`startWorker`, lib/model/worker.ts), so
 * its seconds of WASM never hold the main thread every extension page shares.
 */
export function serveModelHost(db: CuratorDb, startWorker: () => WorkerLike, onIdle: () => void): void {
  const getURL = browser.runtime.getURL as (path: string) => string;
  // Status rows are written in order, and all of them before the page asks to be closed (an error must be seen).
  let writes = Promise.resolve();
  const host = createWorkerHost(
    startWorker,
    (change) => {
      writes = writes.then(() => writeModelStatus(db, change)).catch(ignored('model-host-page'));
    },
    (detail) => t('model_worker_failed', detail),
  );
  // Release ONNX Runtime's session before asking to be closed, so nothing outlives the document.
  const service = createHostService(db, host, () => void host.dispose().finally(() => void writes.finally(onIdle)));
  // The background: Chrome's service worker, or Firefox's generated background page (which holds the iframe).
  const backgrounds = [getURL('/background.js'), getURL('/_generated_background_page.html')];

  browser.runtime.onMessage.addListener((message: unknown, sender: { id?: string; url?: string }) => {
    if (!isModelHostMessage(message)) return undefined;
    if (sender.id !== browser.runtime.id || !backgrounds.includes(sender.url ?? '')) return Promise.resolve({ ok: false, error: t('model_host_forbidden') });
    const parsed = ModelHostRequestSchema.safeParse(message);
    if (!parsed.success) return Promise.resolve({ ok: false, error: t('model_request_malformed') });
    const request = parsed.data;
    if (request.type === 'copy') return Promise.resolve(copyText(request.text) ? { ok: true, data: null } : { ok: false, error: t('copy_refused') });
    const work =
      request.type === 'load'
        ? service.load(request.plan, request.idleMs, request.stallMs).then(() => null)
        : service.embed(request.plan, request.texts, request.kind, request.idleMs, request.stallMs);
    return work.then(
      (data) => ({ ok: true, data }),
      (err: unknown) => ({ ok: false, error: err instanceof Error ? err.message : String(err) }),
    );
  });
}

/** Copies text the way a page without focus can: a textarea and the copy command (needs clipboardWrite). */
function copyText(text: string): boolean {
  const area = document.createElement('textarea');
  area.value = text;
  document.body.append(area);
  area.select();
  try {
    return document.execCommand('copy');
  } finally {
    area.remove();
  }
}
