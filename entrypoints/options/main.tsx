import { render } from 'preact';
import { localizeDocument } from '../../lib/i18n/i18n';
import { OptionsApp } from '../../lib/ui/OptionsApp';
import '../../lib/ui/styles.css';

localizeDocument('page_title_options');
render(<OptionsApp />, document.getElementById('app')!);
