import { render } from 'preact';
import { OptionsApp } from '../../lib/ui/OptionsApp';
import '../../lib/ui/styles.css';

render(<OptionsApp />, document.getElementById('app')!);
