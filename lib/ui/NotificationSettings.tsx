import { useEffect, useState } from 'preact/hooks';
import { errorText } from '../protocol/errors';
import { browser } from 'wxt/browser';
import { db, readSettings } from '../store/db';
import { send } from '../protocol/client';
import { t } from '../i18n/i18n';
import { useLiveQuery } from './hooks';

/** Options: notify of a strong match while following (off by default), with quiet hours. */
export function NotificationSettings({ following }: { following: boolean }) {
  const { value: settings } = useLiveQuery(() => readSettings(db()));
  const [from, setFrom] = useState('22:00');
  const [to, setTo] = useState('08:00');
  const [state, setState] = useState<{ ok: boolean; message: string } | null>(null);
  const stored = settings ? JSON.stringify(settings.notify) : null;
  useEffect(() => {
    if (!settings) return;
    setFrom(settings.notify.quietFrom);
    setTo(settings.notify.quietTo);
    // Refill only when the stored values change, not on every write to the kv table.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [stored]);

  // What the person just chose, shown until the stored setting catches up (the switch would otherwise flip back).
  const [pending, setPending] = useState<boolean | null>(null);
  const save = async (enabled: boolean) => {
    setState(null);
    setPending(enabled);
    try {
      // The permission is optional: asked for in this click, given back when switched off.
      const granted = enabled ? await browser.permissions.request({ permissions: ['notifications'] }) : true;
      const result = await send('settings.setNotify', { enabled: enabled && granted, quietFrom: from, quietTo: to });
      setPending(result.enabled);
      setState({ ok: true, message: result.enabled ? t('notify_saved_on', result.quietFrom, result.quietTo) : t('notify_saved_off') });
    } catch (err) {
      setState({ ok: false, message: errorText(err) });
      setPending(null);
    }
  };
  // Until the stored setting says the same, what was chosen (or what the save settled on) is shown.
  useEffect(() => {
    if (pending !== null && settings?.notify.enabled === pending) setPending(null);
  }, [pending, settings?.notify.enabled]);

  const enabled = pending ?? settings?.notify.enabled ?? false;
  return (
    <div class="notify-settings">
      <label class="switch big">
        <input type="checkbox" role="switch" checked={enabled} disabled={!settings} onChange={(e) => void save(e.currentTarget.checked)} />
        <span>{t('notify_switch')}</span>
      </label>
      <p class="muted">{following ? t('notify_help') : t('notify_needs_follow')}</p>
      <p class="muted">{t('notify_feeds_help')}</p>
      <div class="grid">
        <div class="field">
          <label for="quiet-from">{t('notify_quiet_from')}</label>
          <input id="quiet-from" type="time" value={from} onInput={(e) => setFrom(e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="quiet-to">{t('notify_quiet_to')}</label>
          <input id="quiet-to" type="time" value={to} onInput={(e) => setTo(e.currentTarget.value)} />
        </div>
      </div>
      <button type="button" class="secondary" onClick={() => void save(enabled)}>
        {t('notify_save')}
      </button>
      {state && (
        <p class={`flash ${state.ok ? 'ok' : 'error'}`} role={state.ok ? 'status' : 'alert'}>
          {state.message}
        </p>
      )}
    </div>
  );
}
