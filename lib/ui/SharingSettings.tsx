import { useEffect, useState } from 'preact/hooks';
import { db, KV } from '../db/db';
import { SettingsSchema } from '../db/schema';
import { send } from '../messages/client';
import { useLiveQuery } from './hooks';
import { PRIMARY_TARGETS, TARGET_IDS, TARGET_NAMES, type TargetId } from '../handoff/targets';

/** Options: UTM tagging of shared links, and the person's Mastodon instance and its limit. */
export function SharingSettings() {
  const { value: settings } = useLiveQuery(async () => SettingsSchema.parse((await db().kv.get(KV.settings))?.value ?? {}));
  const [tag, setTag] = useState(true);
  const [instance, setInstance] = useState('mastodon.social');
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
      setState({ ok: true, message: 'Saved.' });
    } catch (err) {
      setState({ ok: false, message: err instanceof Error ? err.message : String(err) });
    }
  };

  return (
    <form onSubmit={save} aria-label="Sharing settings">
      <label class="switch big">
        <input type="checkbox" role="switch" checked={tag} onChange={(e) => setTag(e.currentTarget.checked)} />
        <span>Tag shared links for analytics</span>
      </label>
      <p class="muted">Adds utm_source (the network), utm_medium=social and utm_campaign (the persona) to the page link, so the visits each post brings show in your analytics. Links already tagged are left alone.</p>
      <fieldset class="targets">
        <legend>Show on every suggestion (the rest stay under “More places”; the last one used comes first)</legend>
        {TARGET_IDS.map((id) => (
          <label key={id}>
            <input
              type="checkbox"
              checked={shown.includes(id)}
              onChange={(e) => setShown((s) => (e.currentTarget.checked ? TARGET_IDS.filter((t) => t === id || s.includes(t)) : s.filter((t) => t !== id)))}
            />{' '}
            {TARGET_NAMES[id]}
          </label>
        ))}
      </fieldset>
      <div class="grid">
        <div class="field">
          <label for="mastodon-instance">Your Mastodon instance</label>
          <input id="mastodon-instance" value={instance} onInput={(e) => setInstance(e.currentTarget.value)} placeholder="mastodon.social" />
        </div>
        <div class="field">
          <label for="mastodon-limit">Its character limit</label>
          <input id="mastodon-limit" type="number" min={100} max={100000} value={limit} onInput={(e) => setLimit(e.currentTarget.value)} />
        </div>
      </div>
      <div class="actions">
        <button type="submit" class="secondary">
          Save sharing settings
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
