import { useState } from 'preact/hooks';
import { errorText } from '../protocol/errors';
import { db } from '../store/db';
import { send } from '../protocol/client';
import type { Persona } from '../core/personas/schema';
import { exportPersonas } from '../core/personas/transfer';
import { PersonaForm } from './PersonaForm';
import { ModelSettings } from './ModelSettings';
import { SharingSettings } from './SharingSettings';
import { SyncStatus } from './SyncStatus';
import { FeedSettings } from './FeedSettings';
import { FollowSwitch, useFollowBrowsing } from './FollowSwitch';
import { NotificationSettings } from './NotificationSettings';
import { PrivateWindowsSwitch } from './PrivateWindowsSwitch';
import { useLiveQuery } from './hooks';
import { formatList, t, tn } from '../i18n/i18n';
import { styleLabel } from './labels';
import { ListStatus, ProblemFlash, reporting } from './ListStatus';

function PersonaCard({ persona, onProblem }: { persona: Persona; onProblem: (m: string | null) => void }) {
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const run = reporting(onProblem);
  if (editing) {
    return (
      <li class="persona-card editing">
        <PersonaForm
          persona={persona}
          onSave={async (input) => {
            await send('personas.save', { id: persona.id, persona: input });
            setEditing(false);
          }}
          onCancel={() => setEditing(false)}
        />
      </li>
    );
  }
  return (
    <li class={`persona-card ${persona.enabled ? '' : 'disabled'}`}>
      <div class="persona-head">
        <h3 dir="auto">{persona.name}</h3>
        {persona.sample && <span class="badge">{t('persona_sample')}</span>}
        <label class="switch">
          <input type="checkbox" role="switch" checked={persona.enabled} onChange={(e) => void run(() => send('personas.setEnabled', { id: persona.id, enabled: e.currentTarget.checked }))} />
          <span>{persona.enabled ? t('switch_on') : t('switch_off')}</span>
        </label>
      </div>
      <p dir="auto">{persona.description}</p>
      {persona.keywords.length > 0 && (
        <p class="chips">
          {persona.keywords.map((k) => (
            <span class="chip" key={k} dir="auto">
              {k}
            </span>
          ))}
        </p>
      )}
      <p class="meta">
        {persona.hashtags.length > 0 && <span dir="auto">{persona.hashtags.map((h) => `#${h}`).join(' ')}</span>}
        {persona.avoid.length > 0 && <span dir="auto">{t('persona_avoids', formatList(persona.avoid))}</span>}
        {persona.voice && <span dir="auto">{t('voice_line', persona.voice)}</span>}
        {persona.channels.length > 0 && <span>{t('persona_channels', formatList(persona.channels))}</span>}
        <span dir="auto">{t('persona_style', [styleLabel(persona.style), persona.emoji ? t('persona_style_emoji') : '', persona.cta ? t('quoted', persona.cta) : ''].filter(Boolean).join(', '))}</span>
      </p>
      {persona.examples.length > 0 ? (
        <details class="examples">
          <summary>{tn('learned_from', persona.examples.length, persona.examples.filter((e) => e.positive).length, persona.examples.filter((e) => !e.positive).length)}</summary>
          <ul aria-label={t('examples_for', persona.name)}>
            {[...persona.examples].reverse().map((e, i) => (
              <li key={`${e.addedAt}-${i}`}>
                <span class={`fit ${e.positive ? 'ok' : 'no'}`}>{e.positive ? t('good_fit') : t('not_a_fit')}</span>{' '}
                {e.url && /^https?:\/\//.test(e.url) ? (
                  <a href={e.url} target="_blank" rel="noopener noreferrer" dir="auto">
                    {e.title || e.url}
                  </a>
                ) : (
                  <span dir="auto">{e.title || t('untitled')}</span>
                )}{' '}
                <span class="muted">{t(e.source === 'curate' ? 'example_source_curate' : e.source === 'thumbs' ? 'example_source_thumbs' : 'example_source_import')}</span>
              </li>
            ))}
          </ul>
          <button type="button" class="link danger" onClick={() => void run(() => send('personas.resetExamples', { id: persona.id }))}>
            {t('forget_examples')}
          </button>
        </details>
      ) : (
        <p class="muted">{t('learns_from_hint')}</p>
      )}
      <div class="actions">
        <button type="button" class="secondary" onClick={() => setEditing(true)} aria-label={t('edit_persona_label', persona.name)}>
          {t('edit')}
        </button>
        {confirming ? (
          <>
            <button type="button" class="danger" onClick={() => void run(() => send('personas.delete', { id: persona.id }))}>
              {t('delete_persona_confirm', persona.name)}
            </button>
            <button type="button" class="secondary" onClick={() => setConfirming(false)}>
              {t('keep')}
            </button>
          </>
        ) : (
          <button type="button" class="link danger" onClick={() => setConfirming(true)} aria-label={t('delete_persona_label', persona.name)}>
            {t('delete')}
          </button>
        )}
      </div>
    </li>
  );
}

/** The options page: personas (create, edit, delete, switch off, import, export) and privacy settings. */
export function OptionsApp() {
  // In the order they were made: learning from an example must not reshuffle the list.
  const { value: personas, error } = useLiveQuery(async () => (await db().personas.toArray()).sort((a, b) => a.createdAt - b.createdAt));
  const [problem, setProblem] = useState<string | null>(null);
  const [importState, setImportState] = useState<{ ok: boolean; message: string } | null>(null);
  const [follow, onFollow] = useFollowBrowsing(setProblem);
  const { value: feeds } = useLiveQuery(() => db().feeds.toArray());

  const onImport = async (e: Event) => {
    const input = e.currentTarget as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) return;
    setImportState(null);
    try {
      const text = await file.text();
      const { added, updated } = await send('personas.import', { text });
      setImportState({ ok: true, message: t('import_done', file.name, added, updated) });
    } catch (err) {
      setImportState({ ok: false, message: t('import_failed', file.name, errorText(err)) });
    } finally {
      input.value = '';
    }
  };

  const onExport = () => {
    const blob = new Blob(
      [
        exportPersonas(
          personas ?? [],
          new Date(),
          (feeds ?? []).map((f) => ({ url: f.url, title: f.title })),
        ),
      ],
      { type: 'application/json' },
    );
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = `personas-${new Date().toISOString().slice(0, 10)}.json`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
  };

  return (
    <div class="app options">
      <header class="app-head">
        <span class="logo" aria-hidden="true">
          ◆
        </span>
        <h1>{t('extension_name')}</h1>
        <nav>
          <a href="/impact.html">{t('nav_impact')}</a>
        </nav>
      </header>
      <main class="options-main">
        <section aria-labelledby="new-title" class="panel">
          <h2 id="new-title">{t('new_persona')}</h2>
          <p class="muted">{t('new_persona_hint')}</p>
          <PersonaForm onSave={async (input) => void (await send('personas.save', { persona: input }))} />
        </section>

        <section aria-labelledby="personas-title" class="panel">
          <div class="section-head">
            <h2 id="personas-title">{t('your_personas')}</h2>
            <div class="actions">
              <label class="file-button secondary">
                {t('import_button')}
                <input type="file" accept="application/json,.json" aria-label={t('import_personas_label')} onChange={(e) => void onImport(e)} />
              </label>
              <button type="button" class="secondary" onClick={onExport} disabled={!personas?.length}>
                {t('export_button')}
              </button>
            </div>
          </div>
          {importState && (
            <p class={`flash ${importState.ok ? 'ok' : 'error'}`} role={importState.ok ? 'status' : 'alert'}>
              {importState.message}
            </p>
          )}
          <ProblemFlash problem={problem} />
          <ListStatus error={error} count={personas?.length} unreadable="personas_unreadable" empty="no_personas_yet" />
          {!error && personas && personas.length > 0 && (
            <ul class="persona-list" aria-label={t('personas_list_label')}>
              {personas.map((p) => (
                <PersonaCard key={p.id} persona={p} onProblem={setProblem} />
              ))}
            </ul>
          )}
        </section>

        <section aria-labelledby="feeds-title" class="panel" id="feeds">
          <h2 id="feeds-title">{t('feeds_title')}</h2>
          <FeedSettings />
        </section>

        <section aria-labelledby="sharing-title" class="panel">
          <h2 id="sharing-title">{t('sharing_title')}</h2>
          <SharingSettings />
        </section>

        <section aria-labelledby="notify-title" class="panel">
          <h2 id="notify-title">{t('notify_title_section')}</h2>
          <NotificationSettings following={follow === true} />
        </section>

        <section aria-labelledby="sync-title" class="panel">
          <h2 id="sync-title">{t('sync_title')}</h2>
          <SyncStatus />
        </section>

        <section aria-labelledby="model-title" class="panel">
          <h2 id="model-title">{t('model_title')}</h2>
          <ModelSettings />
        </section>

        <section aria-labelledby="privacy-title" class="panel">
          <h2 id="privacy-title">{t('privacy_title')}</h2>
          <FollowSwitch follow={follow} onChange={onFollow} />
          <p class="muted">{t('follow_browsing_help')}</p>
          <PrivateWindowsSwitch onProblem={setProblem} />
          <p class="muted">{t('privacy_note')}</p>
        </section>
      </main>
    </div>
  );
}
