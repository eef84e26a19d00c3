import { render } from 'preact';
import { localizeDocument } from '../../lib/i18n/i18n';
import { PopupApp } from '../../lib/ui/PopupApp';
import '../../lib/ui/styles.css';

localizeDocument('extension_name');
render(<PopupApp />, document.getElementById('app')!);
