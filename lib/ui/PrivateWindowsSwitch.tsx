import { useState } from 'preact/hooks';
import { errorText } from '../protocol/errors';
import { db, readSettings } from '../store/db';
import { send } from '../protocol/client';
import { t } from '../i18n/i18n';
import { useLiveQuery } from './hooks';

/** Options: following the browsing may also read private windows' tabs (off by default). */
export function PrivateWindowsSwitch({ onProblem }: { onProblem: (message: string | null) => void }) {
  const { value: settings } = useLiveQuery(() => readSettings(db()));
  const [busy, setBusy] = useState(false);
  const change = async (enabled: boolean) => {
    onProblem(null);
    setBusy(true);
    try {
      await send('settings.setFollowPrivate', { enabled });
    } catch (err) {
      onProblem(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <label class="switch">
        <input type="checkbox" role="switch" checked={settings?.followPrivate === true} disabled={!settings || busy} onChange={(e) => void change(e.currentTarget.checked)} />
        <span>{t('follow_private')}</span>
      </label>
      <p class="muted">{t('follow_private_help')}</p>
    </>
  );
}
