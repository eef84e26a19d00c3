import { useCallback, useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { send } from '../messages/client';
import type { ModelDescription } from '../messages/protocol';
import { HUB_ORIGINS } from '../model/catalog';
import { ModelProgress, useModelStatus } from './ModelStatus';

/** Options: pick the on-device model, agree to its download (size stated first), watch progress, retry. */
export function ModelSettings() {
  const [described, setDescribed] = useState<ModelDescription | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const status = useModelStatus();

  const refresh = useCallback(() => {
    void send('model.describe', {}).then(setDescribed, (err: unknown) => setProblem(err instanceof Error ? err.message : String(err)));
  }, []);
  useEffect(refresh, [refresh]);

  if (!described) return <p class="state">Loading…</p>;
  const selected = described.models.find((m) => m.id === described.selected) ?? null;
  const needsConsent = selected !== null && !selected.bundled && !described.consent;

  const choose = async (id: string) => {
    setProblem(null);
    try {
      const model = described.models.find((m) => m.id === id);
      // A bundled model needs no download; another needs the person's word first.
      await send('settings.setModel', { id, consent: Boolean(model?.bundled) || (id === described.selected && described.consent) });
      refresh();
    } catch (err) {
      setProblem(err instanceof Error ? err.message : String(err));
    }
  };

  const download = () => {
    if (!selected) return;
    setProblem(null);
    // permissions.request must run inside the click, before anything is awaited.
    const asked = described.downloadsFromHub ? browser.permissions.request({ origins: HUB_ORIGINS }) : Promise.resolve(true);
    void asked
      .then(async (granted) => {
        if (!granted) {
          setProblem('The download needs permission to reach huggingface.co. Nothing was downloaded.');
          return;
        }
        await send('settings.setModel', { id: selected.id, consent: true });
        refresh();
      })
      .catch((err: unknown) => setProblem(err instanceof Error ? err.message : String(err)));
  };

  return (
    <>
      <p class="muted">
        An on-device model scores pages by meaning, not just shared words. It runs inside your browser: pages are never sent anywhere. Without it, word matching answers.
      </p>
      <fieldset class="model-choice">
        <legend class="sr-only">On-device model</legend>
        <label>
          <input type="radio" name="model" checked={described.selected === 'off'} onChange={() => void choose('off')} />
          <span>Off — word matching only</span>
        </label>
        {described.models.map((m) => (
          <label key={m.id}>
            <input type="radio" name="model" checked={described.selected === m.id} onChange={() => void choose(m.id)} />
            <span>
              {m.label} — {m.bundled ? 'included with the extension' : `${m.sizeMB} MB download`}
              {m.multilingual ? ' · matches across languages' : ''}
            </span>
          </label>
        ))}
      </fieldset>
      {needsConsent && selected && (
        <div class="consent">
          <p>
            {selected.label} is downloaded once ({selected.sizeMB} MB) from {described.downloadsFromHub ? 'Hugging Face (huggingface.co)' : 'the configured model server'} and kept in this
            browser. Only the model's files are fetched; nothing about your pages is sent.
          </p>
          <button type="button" class="primary" onClick={download}>
            Download {selected.sizeMB} MB and use it
          </button>
        </div>
      )}
      <ModelProgress status={status?.modelId === described.selected ? status : null} />
      {status?.phase === 'ready' && status.modelId === described.selected && (
        <p class="flash ok" role="status">
          Model ready ({status.source === 'bundled' ? 'included with the extension' : 'downloaded'}). Suggestions now say “hybrid”.
        </p>
      )}
      {problem && (
        <p class="flash error" role="alert">
          {problem}
        </p>
      )}
    </>
  );
}
