import { browser } from 'wxt/browser';
import type { CuratorDb } from '../store/db';
import { t } from '../i18n/i18n';
import { ModelHostRequests, isModelHostMessage, type ModelHostResponses } from '../protocol/model-host';
import { isBackground } from '../protocol/client';
import { CuratorError } from '../protocol/errors';
import { serve, type Sender } from '../protocol/router';
import { writeModelStatus } from './control';
import { createHostService } from './runners';
import { createWorkerHost, type WorkerLike } from './worker-client';
import { ignored } from '../util/log';

/**
 * The model host's message loop in its page (Chrome's offscreen document, or
 * the iframe in Firefox's background page). It answers
 * only the model host's requests (lib/protocol/model-host) from this extension's background,
 * validated on arrival by the one router; everything else sent between extension pages is left
 * to its own listener. The model itself runs in a worker this page starts (`startWorker`, lib/model/worker.ts), so
 * its seconds of WASM never hold the main thread every extension page shares.
 */
export function serveModelHost(db: CuratorDb, startWorker: () => WorkerLike, onIdle: () => void): void {
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
  const route = serve<typeof ModelHostRequests, ModelHostResponses>(
    ModelHostRequests,
    {
      'model-host.load': async ({ plan, idleMs, stallMs }) => (await service.load(plan, idleMs, stallMs), null),
      'model-host.embed': ({ plan, texts, kind, idleMs, stallMs }) => service.embed(plan, texts, kind, idleMs, stallMs),
      'model-host.copy': async ({ text }) => {
        if (!copyText(text)) throw new CuratorError('internal', t('copy_refused'));
        return null;
      },
    },
    // The background: Chrome's service worker, or Firefox's generated background page (which holds the iframe).
    { allowed: isBackground, forbidden: () => t('model_host_forbidden') },
  );

  browser.runtime.onMessage.addListener((message: unknown, sender: Sender) => (isModelHostMessage(message) ? route(message, sender) : undefined));
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
