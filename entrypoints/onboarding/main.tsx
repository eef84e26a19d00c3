import { render } from 'preact';
import { localizeDocument } from '../../lib/i18n/i18n';
import { OnboardingApp } from '../../lib/ui/OnboardingApp';
import '../../lib/ui/styles.css';

localizeDocument('page_title_onboarding');
render(<OnboardingApp />, document.getElementById('app')!);
