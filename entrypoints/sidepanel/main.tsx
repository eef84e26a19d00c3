import { render } from 'preact';
import { localizeDocument } from '../../lib/i18n/i18n';
import { SidePanelApp } from '../../lib/ui/SidePanelApp';
import '../../lib/ui/styles.css';

localizeDocument('extension_name');
render(<SidePanelApp />, document.getElementById('app')!);
