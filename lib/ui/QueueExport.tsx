import { useState } from 'preact/hooks';
import { db, KV } from '../db/db';
import { SettingsSchema, type QueueStatus } from '../db/schema';
import { exportQueue, filterQueue, type ExportFormat, type ExportVoice } from '../export/queue';
import { useLiveQuery } from './hooks';

const dayStart = (value: string) => (value ? new Date(`${value}T00:00:00`).getTime() : null);
const dayEnd = (value: string) => (value ? new Date(`${value}T23:59:59.999`).getTime() : null);

/** Exports the curated queue for a scheduler or a spreadsheet, filtered by persona, status and date. */
export function QueueExport() {
  const { value: personas } = useLiveQuery(async () => (await db().personas.toArray()).sort((a, b) => a.createdAt - b.createdAt));
  const [format, setFormat] = useState<ExportFormat>('hootsuite');
  const [personaId, setPersonaId] = useState('');
  const [status, setStatus] = useState<'' | QueueStatus>('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  const download = async () => {
    setMessage(null);
    try {
      const [items, settingsRow] = await Promise.all([db().queue.toArray(), db().kv.get(KV.settings)]);
      const settings = SettingsSchema.parse(settingsRow?.value ?? {});
      const chosen = filterQueue(items, { personaId: personaId || null, status: status || null, from: dayStart(from), to: dayEnd(to) });
      if (chosen.length === 0) {
        setMessage({ ok: false, text: 'No curated item matches these filters: nothing to export.' });
        return;
      }
      const voices = new Map<string, ExportVoice>((personas ?? []).map((p) => [p.id, { name: p.name, hashtags: p.hashtags, style: p.style, emoji: p.emoji, cta: p.cta }]));
      const file = exportQueue(chosen, format, voices, { tag: settings.handoff.tag });
      const a = document.createElement('a');
      a.href = URL.createObjectURL(new Blob([format === 'json' ? file.content : `\uFEFF${file.content}`], { type: `${file.mime};charset=utf-8` }));
      a.download = file.filename;
      a.click();
      setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
      setMessage({ ok: true, text: `Exported ${chosen.length} item${chosen.length === 1 ? '' : 's'} as ${file.filename}.` });
    } catch (err) {
      setMessage({ ok: false, text: err instanceof Error ? err.message : String(err) });
    }
  };

  return (
    <details class="queue-export">
      <summary>Export the queue</summary>
      <div class="grid">
        <div class="field">
          <label for="export-format">Format</label>
          <select id="export-format" value={format} onChange={(e) => setFormat(e.currentTarget.value as ExportFormat)}>
            <option value="hootsuite">Hootsuite bulk composer (CSV)</option>
            <option value="csv">Spreadsheet (CSV)</option>
            <option value="json">JSON</option>
          </select>
        </div>
        <div class="field">
          <label for="export-persona">Persona</label>
          <select id="export-persona" value={personaId} onChange={(e) => setPersonaId(e.currentTarget.value)}>
            <option value="">All personas</option>
            {(personas ?? []).map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="export-status">Status</label>
          <select id="export-status" value={status} onChange={(e) => setStatus(e.currentTarget.value as '' | QueueStatus)}>
            <option value="">Any status</option>
            <option value="queued">Queued</option>
            <option value="shared">Shared</option>
          </select>
        </div>
        <div class="field">
          <label for="export-from">Curated from</label>
          <input id="export-from" type="date" value={from} onInput={(e) => setFrom(e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="export-to">Curated until</label>
          <input id="export-to" type="date" value={to} onInput={(e) => setTo(e.currentTarget.value)} />
        </div>
      </div>
      {format === 'hootsuite' && <p class="muted">Each row gets a proposed time (from 9:00 tomorrow, 30 minutes apart) that you can move before uploading.</p>}
      <div class="actions">
        <button type="button" class="secondary" onClick={() => void download()}>
          Download export
        </button>
        {message && (
          <span class={`flash ${message.ok ? 'ok' : 'error'}`} role={message.ok ? 'status' : 'alert'}>
            {message.text}
          </span>
        )}
      </div>
    </details>
  );
}
