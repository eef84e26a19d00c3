import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { db } from '../db/db';
import { send } from '../messages/client';
import type { Persona } from '../personas/schema';
import { exportPersonas } from '../personas/transfer';
import { PersonaForm } from './PersonaForm';
import { ModelSettings } from './ModelSettings';
import { SharingSettings } from './SharingSettings';
import { SyncStatus } from './SyncStatus';
import { STYLE_LABELS } from '../draft/styles';
import { useLiveQuery } from './hooks';

/** Optional origins asked for only when the person turns on "follow my browsing". */
export const FOLLOW_ORIGINS = ['http://*/*', 'https://*/*'];

function PersonaCard({ persona, onProblem }: { persona: Persona; onProblem: (m: string | null) => void }) {
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const run = async (fn: () => Promise<unknown>) => {
    onProblem(null);
    try {
      await fn();
    } catch (err) {
      onProblem(err instanceof Error ? err.message : String(err));
    }
  };
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
        <h3>{persona.name}</h3>
        {persona.sample && <span class="badge">Sample</span>}
        <label class="switch">
          <input type="checkbox" role="switch" checked={persona.enabled} onChange={(e) => void run(() => send('personas.setEnabled', { id: persona.id, enabled: e.currentTarget.checked }))} />
          <span>{persona.enabled ? 'On' : 'Off'}</span>
        </label>
      </div>
      <p>{persona.description}</p>
      {persona.keywords.length > 0 && (
        <p class="chips">
          {persona.keywords.map((k) => (
            <span class="chip" key={k}>
              {k}
            </span>
          ))}
        </p>
      )}
      <p class="meta">
        {persona.hashtags.length > 0 && <span>{persona.hashtags.map((h) => `#${h}`).join(' ')}</span>}
        {persona.avoid.length > 0 && <span>Avoids: {persona.avoid.join(', ')}</span>}
        {persona.voice && <span>Voice: {persona.voice}</span>}
        {persona.channels.length > 0 && <span>Channels: {persona.channels.join(', ')}</span>}
        <span>
          Style: {STYLE_LABELS[persona.style]}
          {persona.emoji ? ', emoji' : ''}
          {persona.cta ? `, “${persona.cta}”` : ''}
        </span>
      </p>
      {persona.examples.length > 0 ? (
        <details class="examples">
          <summary>
            Learned from {persona.examples.length} example{persona.examples.length === 1 ? '' : 's'} ({persona.examples.filter((e) => e.positive).length} good fit,{' '}
            {persona.examples.filter((e) => !e.positive).length} not a fit)
          </summary>
          <ul aria-label={`Examples for ${persona.name}`}>
            {[...persona.examples].reverse().map((e, i) => (
              <li key={`${e.addedAt}-${i}`}>
                <span class={`fit ${e.positive ? 'ok' : 'no'}`}>{e.positive ? 'Good fit' : 'Not a fit'}</span>{' '}
                {e.url && /^https?:\/\//.test(e.url) ? (
                  <a href={e.url} target="_blank" rel="noopener noreferrer" dir="auto">
                    {e.title || e.url}
                  </a>
                ) : (
                  <span dir="auto">{e.title || 'Untitled'}</span>
                )}{' '}
                <span class="muted">({e.source === 'curate' ? 'curated' : e.source === 'thumbs' ? 'rated' : 'imported'})</span>
              </li>
            ))}
          </ul>
          <button type="button" class="link danger" onClick={() => void run(() => send('personas.resetExamples', { id: persona.id }))}>
            Forget these examples
          </button>
        </details>
      ) : (
        <p class="muted">Learns from pages you curate for it or mark “Good fit” / “Not a fit”.</p>
      )}
      <div class="actions">
        <button type="button" class="secondary" onClick={() => setEditing(true)} aria-label={`Edit ${persona.name}`}>
          Edit
        </button>
        {confirming ? (
          <>
            <button type="button" class="danger" onClick={() => void run(() => send('personas.delete', { id: persona.id }))}>
              Delete “{persona.name}”
            </button>
            <button type="button" class="secondary" onClick={() => setConfirming(false)}>
              Keep
            </button>
          </>
        ) : (
          <button type="button" class="link danger" onClick={() => setConfirming(true)} aria-label={`Delete ${persona.name}`}>
            Delete
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
  const [follow, setFollow] = useState<boolean | null>(null);

  useEffect(() => {
    void browser.permissions.contains({ origins: FOLLOW_ORIGINS }).then(setFollow);
  }, []);

  const onImport = async (e: Event) => {
    const input = e.currentTarget as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) return;
    setImportState(null);
    try {
      const text = await file.text();
      const { added, updated } = await send('personas.import', { text });
      setImportState({ ok: true, message: `Imported ${file.name}: ${added} added, ${updated} updated.` });
    } catch (err) {
      setImportState({ ok: false, message: `Nothing was imported from ${file.name}. ${err instanceof Error ? err.message : String(err)}` });
    } finally {
      input.value = '';
    }
  };

  const onExport = () => {
    const blob = new Blob([exportPersonas(personas ?? [])], { type: 'application/json' });
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = `personas-${new Date().toISOString().slice(0, 10)}.json`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
  };

  const onFollow = async (enabled: boolean) => {
    setProblem(null);
    try {
      const granted = enabled ? await browser.permissions.request({ origins: FOLLOW_ORIGINS }) : !(await browser.permissions.remove({ origins: FOLLOW_ORIGINS }));
      await send('settings.setFollow', { enabled: enabled && granted });
      setFollow(await browser.permissions.contains({ origins: FOLLOW_ORIGINS }));
    } catch (err) {
      setProblem(err instanceof Error ? err.message : String(err));
    }
  };

  return (
    <div class="app options">
      <header class="app-head">
        <span class="logo" aria-hidden="true">◆</span>
        <h1>Persona Curator</h1>
      </header>
      <main class="options-main">
        <section aria-labelledby="new-title" class="panel">
          <h2 id="new-title">New persona</h2>
          <p class="muted">A name and one sentence are enough. Suggestions start on the next page you open.</p>
          <PersonaForm onSave={async (input) => void (await send('personas.save', { persona: input }))} />
        </section>

        <section aria-labelledby="personas-title" class="panel">
          <div class="section-head">
            <h2 id="personas-title">Your personas</h2>
            <div class="actions">
              <label class="file-button secondary">
                Import…
                <input type="file" accept="application/json,.json" aria-label="Import personas" onChange={(e) => void onImport(e)} />
              </label>
              <button type="button" class="secondary" onClick={onExport} disabled={!personas?.length}>
                Export
              </button>
            </div>
          </div>
          {importState && (
            <p class={`flash ${importState.ok ? 'ok' : 'error'}`} role={importState.ok ? 'status' : 'alert'}>
              {importState.message}
            </p>
          )}
          {problem && (
            <p class="flash error" role="alert">
              {problem}
            </p>
          )}
          {error ? (
            <p class="state error" role="alert">
              Personas can't be loaded: this browser won't open Persona Curator's storage (private mode?).
            </p>
          ) : personas === undefined ? (
            <p class="state">Loading…</p>
          ) : personas.length === 0 ? (
            <p class="state">No personas yet. Add one above, or import a file.</p>
          ) : (
            <ul class="persona-list" aria-label="Personas">
              {personas.map((p) => (
                <PersonaCard key={p.id} persona={p} onProblem={setProblem} />
              ))}
            </ul>
          )}
        </section>

        <section aria-labelledby="sharing-title" class="panel">
          <h2 id="sharing-title">Sharing</h2>
          <SharingSettings />
        </section>

        <section aria-labelledby="sync-title" class="panel">
          <h2 id="sync-title">Sync</h2>
          <SyncStatus />
        </section>

        <section aria-labelledby="model-title" class="panel">
          <h2 id="model-title">On-device model</h2>
          <ModelSettings />
        </section>

        <section aria-labelledby="privacy-title" class="panel">
          <h2 id="privacy-title">Privacy</h2>
          <label class="switch big">
            <input type="checkbox" role="switch" checked={follow === true} disabled={follow === null} onChange={(e) => void onFollow(e.currentTarget.checked)} />
            <span>Follow my browsing</span>
          </label>
          <p class="muted">
            Off: Persona Curator reads a page only when you open its popup or choose “Curate this”. On: the side panel reads each page as you move between tabs; your
            browser asks for permission to read sites first.
          </p>
          <p class="muted">Everything stays in this browser. Page content is never sent anywhere; sharing happens only when you click a share link.</p>
        </section>
      </main>
    </div>
  );
}
