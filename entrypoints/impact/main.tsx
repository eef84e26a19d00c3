import { render } from 'preact';
import { localizeDocument } from '../../lib/i18n/i18n';
import { ImpactApp } from '../../lib/ui/impact/ImpactApp';
import '../../lib/ui/styles.css';
import { db } from '../../lib/store/db';
import { logOnce } from '../../lib/util/log';

// Open the database while the page first renders: its reads start as soon as the view subscribes. A failure is the
// page's to show: its query fails the same way and says the data cannot be read.
db()
  .open()
  .catch((err: unknown) => logOnce('impact', err));
localizeDocument('page_title_impact');
render(<ImpactApp />, document.getElementById('app')!);
