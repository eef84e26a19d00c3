import { browser } from 'wxt/browser';
import { db } from '../../lib/db/db';
import { serveModelHost } from '../../lib/model/offscreen-host';

// Chrome's offscreen document: the model lives here, off the page and out of the service worker.
serveModelHost(db(), () => {
  void browser.runtime.sendMessage({ type: 'model.idle', payload: {} }).catch(() => undefined);
});
