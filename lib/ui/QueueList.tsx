import { db } from '../db/db';
import { send } from '../messages/client';
import { isHttpUrl } from '../util/url';
import { useLiveQuery } from './hooks';
import { useState } from 'preact/hooks';
import { QueueExport } from './QueueExport';

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** The curated queue, newest first, live from the database. */
export function QueueList() {
  const { value: items, error } = useLiveQuery(() => db().queue.orderBy('createdAt').reverse().limit(200).toArray());
  const [problem, setProblem] = useState<string | null>(null);

  const act = async (fn: () => Promise<unknown>) => {
    setProblem(null);
    try {
      await fn();
    } catch (err) {
      setProblem(err instanceof Error ? err.message : String(err));
    }
  };

  return (
    <section class="queue" aria-labelledby="queue-title">
      <h2 id="queue-title">Curated queue</h2>
      <QueueExport />
      {problem && (
        <p class="flash error" role="alert">
          {problem}
        </p>
      )}
      {error ? (
        <p class="state error" role="alert">
          The queue can't be read: this browser won't open Persona Curator's storage.
        </p>
      ) : items === undefined ? (
        <p class="state">Loading…</p>
      ) : items.length === 0 ? (
        <p class="state">Nothing curated yet. Press Curate on a page worth sharing, or right-click and choose “Curate this page”.</p>
      ) : null}
      <ul class="queue-list" aria-label="Curated">
        {(items ?? []).map((item) => (
          <li key={item.id} class="queue-item">
            <div class="queue-main">
              {isHttpUrl(item.url) ? (
                <a href={item.url} target="_blank" rel="noopener noreferrer" dir="auto">
                  {item.title}
                </a>
              ) : (
                <span dir="auto">{item.title}</span>
              )}
              <p class="meta">
                <span class="chip">{item.personaName ?? 'No persona yet'}</span>
                <span class={`status ${item.status}`}>{item.status === 'shared' ? 'Shared' : 'Queued'}</span>
                <span>{item.siteName}</span>
                <time dateTime={new Date(item.createdAt).toISOString()}>{dateFormat.format(item.createdAt)}</time>
              </p>
              {item.quote && (
                <p class="quote" dir="auto">
                  “{item.quote.length > 160 ? `${item.quote.slice(0, 159)}…` : item.quote}”
                </p>
              )}
            </div>
            <div class="queue-actions">
              <button
                type="button"
                class="link"
                onClick={() => void act(() => send('queue.setStatus', { id: item.id, status: item.status === 'shared' ? 'queued' : 'shared' }))}
              >
                {item.status === 'shared' ? 'Mark queued' : 'Mark shared'}
              </button>
              <button type="button" class="link danger" aria-label={`Remove ${item.title}`} onClick={() => void act(() => send('queue.remove', { id: item.id }))}>
                Remove
              </button>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
