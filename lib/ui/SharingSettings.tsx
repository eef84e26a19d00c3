import { useEffect, useState } from 'preact/hooks';
import { errorText } from '../protocol/errors';
import { db, readSettings } from '../store/db';
import { send } from '../protocol/client';
import { useLiveQuery } from './hooks';
import { PRIMARY_TARGETS, TARGET_IDS, TARGET_NAMES, type TargetId } from '../core/handoff/targets';
import { t } from '../i18n/i18n';

/** A hostname, the same in every language. */
const DEFAULT_INSTANCE = 'mastodon.social';

/** Options: UTM tagging of shared links, and the person's Mastodon instance and its limit. */
export function SharingSettings() {
  const { value: settings } = useLiveQuery(() => readSettings(db()));
  const [tag, setTag] = useState(true);
  const [instance, setInstance] = useState(DEFAULT_INSTANCE);
  const [limit, setLimit] = useState('500');
  const [shown, setShown] = useState<TargetId[]>([...PRIMARY_TARGETS]);
  const [state, setState] = useState<{ ok: boolean; message: string } | null>(null);

  // Fill the form from what is stored only when the stored sharing values change: the live query
  // re-runs on other writes to the kv table (model status, statistics), and refilling then undid typing.
  const stored = settings ? JSON.stringify(settings.handoff) : null;
  useEffect(() => {
    if (!settings) return;
    setTag(settings.handoff.tag);
    setInstance(settings.handoff.mastodonInstance);
    setLimit(String(settings.handoff.mastodonLimit));
    setShown(settings.handoff.shown);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [stored]);

  const save = async (e: Event) => {
    e.preventDefault();
    setState(null);
    try {
      await send('settings.setHandoff', { tag, mastodonInstance: instance, mastodonLimit: Number(limit), shown });
      setState({ ok: true, message: t('sharing_saved') });
    } catch (err) {
      setState({ ok: false, message: errorText(err) });
    }
  };

  return (
    <form onSubmit={save} aria-label={t('sharing_form_label')}>
      <label class="switch big">
        <input type="checkbox" role="switch" checked={tag} onChange={(e) => setTag(e.currentTarget.checked)} />
        <span>{t('tag_links')}</span>
      </label>
      <p class="muted">{t('tag_links_help')}</p>
      <fieldset class="targets">
        <legend>{t('targets_legend')}</legend>
        {TARGET_IDS.map((id) => (
          <label key={id}>
            <input
              type="checkbox"
              checked={shown.includes(id)}
              onChange={(e) => setShown((s) => (e.currentTarget.checked ? TARGET_IDS.filter((target) => target === id || s.includes(target)) : s.filter((target) => target !== id)))}
            />{' '}
            {id === 'email' ? t('target_email') : TARGET_NAMES[id]}
          </label>
        ))}
      </fieldset>
      <div class="grid">
        <div class="field">
          <label for="mastodon-instance">{t('mastodon_instance')}</label>
          <input id="mastodon-instance" value={instance} onInput={(e) => setInstance(e.currentTarget.value)} placeholder={DEFAULT_INSTANCE} />
        </div>
        <div class="field">
          <label for="mastodon-limit">{t('mastodon_limit')}</label>
          <input id="mastodon-limit" type="number" min={100} max={100000} value={limit} onInput={(e) => setLimit(e.currentTarget.value)} />
        </div>
      </div>
      <div class="actions">
        <button type="submit" class="secondary">
          {t('save_sharing')}
        </button>
        {state && (
          <span class={`flash ${state.ok ? 'ok' : 'error'}`} role={state.ok ? 'status' : 'alert'}>
            {state.message}
          </span>
        )}
      </div>
    </form>
  );
}
