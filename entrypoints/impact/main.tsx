import { render } from 'preact';
import { localizeDocument } from '../../lib/i18n/i18n';
import { ImpactApp } from '../../lib/ui/impact/ImpactApp';
import '../../lib/ui/styles.css';

localizeDocument('page_title_impact');
render(<ImpactApp />, document.getElementById('app')!);
