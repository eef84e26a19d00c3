// Node has no browser.i18n: every unit test reads the English messages, as Chromium does by default.
import { setI18nApi } from '../../lib/i18n/i18n';
import { fakeI18n } from '../../lib/i18n/node';

setI18nApi(fakeI18n('en'));
