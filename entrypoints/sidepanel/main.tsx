import { render } from 'preact';
import { SidePanelApp } from '../../lib/ui/SidePanelApp';
import '../../lib/ui/styles.css';

render(<SidePanelApp />, document.getElementById('app')!);
