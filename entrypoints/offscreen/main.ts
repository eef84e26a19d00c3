import { db } from '../../lib/store/db';
import { localizeDocument } from '../../lib/i18n/i18n';
import { serveModelHost } from '../../lib/model/offscreen-host';
import { send } from '../../lib/protocol/client';
import { ignored } from '../../lib/util/log';

// The model host page (Chrome's offscreen document, Firefox's background iframe): the model lives here,
// off the page being read and out of the service worker, and runs in a worker of its own (lib/model/worker.ts).
localizeDocument('page_title_model_host');
serveModelHost(
  db(),
  // Vite bundles the worker from this URL (an ES module: transformers.js loads ONNX Runtime's glue with import()).
  () => new Worker(new URL('./model-worker.ts', import.meta.url), { type: 'module', name: 'persona-curator-model' }),
  () => void send('model.idle', {}).catch(ignored('model-host-page')),
);
