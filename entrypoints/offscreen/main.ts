import { browser } from 'wxt/browser';
import { db } from '../../lib/db/db';
import { localizeDocument } from '../../lib/i18n/i18n';
import { serveModelHost } from '../../lib/model/offscreen-host';

// The model host page (Chrome's offscreen document, Firefox's background iframe): the model lives here,
// off the page being read and out of the service worker.
localizeDocument('page_title_model_host');
serveModelHost(db(), () => {
  void browser.runtime.sendMessage({ type: 'model.idle', payload: {} }).catch(() => undefined);
});
