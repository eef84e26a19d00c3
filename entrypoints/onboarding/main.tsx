import { render } from 'preact';
import { OnboardingApp } from '../../lib/ui/OnboardingApp';
import '../../lib/ui/styles.css';

render(<OnboardingApp />, document.getElementById('app')!);
