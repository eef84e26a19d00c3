import { db } from '../store/db';
import { send } from '../protocol/client';
import { isHttpUrl } from '../util/url';
import { useLiveQuery } from './hooks';
import { useEffect, useRef, useState } from 'preact/hooks';
import { QueueExport } from './QueueExport';
import { ListStatus, ProblemFlash, reporting } from './ListStatus';
import { t, tn, formatDateTime } from '../i18n/i18n';
import { sharesOfItems } from '../store/shares';
import { networkName } from './impact/labels';

/** "Queued", "Shared", or where and when it was last shared when the share log knows. */
function statusLine(status: 'queued' | 'shared', last: { network: string; at: number } | undefined): string {
  if (status !== 'shared') return t('status_queued');
  return last ? t('status_shared_on', networkName(last.network), formatDateTime(last.at)) : t('status_shared');
}

/** Every row has the same height, so only the rows in view are in the page. */
export const ROW_HEIGHT = 104;
const OVERSCAN = 6;

/**
 * The curated queue, newest first, live from the database. Virtualised: a
 * queue of 10,000 items renders the dozen rows in view, fetched through the
 * createdAt index, and the rest as empty space that scrolls.
 */
export function QueueList() {
  const scroller = useRef<HTMLDivElement>(null);
  // The first row in view and how many fit: scrolling within a row changes neither, and renders nothing.
  const [view, setView] = useState({ first: 0, rows: 5 });
  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const measure = () => {
      const first = Math.floor(el.scrollTop / ROW_HEIGHT);
      const rows = Math.ceil((el.clientHeight || 480) / ROW_HEIGHT);
      setView((v) => (v.first === first && v.rows === rows ? v : { first, rows }));
    };
    measure();
    el.addEventListener('scroll', measure, { passive: true });
    const resize = new ResizeObserver(measure);
    resize.observe(el);
    return () => {
      el.removeEventListener('scroll', measure);
      resize.disconnect();
    };
  }, []);
  const start = Math.max(0, view.first - OVERSCAN);
  const count = view.rows + 2 * OVERSCAN;
  const { value: total, error } = useLiveQuery(() => db().queue.count());
  const { value: items } = useLiveQuery(() => db().queue.orderBy('createdAt').reverse().offset(start).limit(count).toArray(), [start, count]);
  // Where and when each item in view was shared, from the share log.
  const ids = (items ?? []).map((item) => item.id).join(' ');
  const { value: shared } = useLiveQuery(() => sharesOfItems(db(), ids ? ids.split(' ') : []), [ids]);
  const [problem, setProblem] = useState<string | null>(null);
  const act = reporting(setProblem);

  return (
    <section class="queue" aria-labelledby="queue-title">
      <h2 id="queue-title">{t('queue_title')}</h2>
      <QueueExport />
      <ProblemFlash problem={problem} />
      <ListStatus error={error} count={total} unreadable="queue_unreadable" empty="queue_empty" />
      {total !== undefined && total > 0 && <p class="meta">{tn('queue_items', total)}</p>}
      {/* Its height follows the list, up to the stylesheet's max-height; past that it scrolls. */}
      <div class="queue-scroll" ref={scroller}>
        <ul class="queue-list" aria-label={t('queue_list_label')} style={{ height: `${(total ?? 0) * ROW_HEIGHT}px` }}>
          {(items ?? []).map((item, i) => (
            <li key={item.id} class="queue-item" aria-setsize={total} aria-posinset={start + i + 1} style={{ top: `${(start + i) * ROW_HEIGHT}px`, height: `${ROW_HEIGHT - 8}px` }}>
              <div class="queue-main">
                {isHttpUrl(item.url) ? (
                  <a href={item.url} target="_blank" rel="noopener noreferrer" dir="auto">
                    {item.title}
                  </a>
                ) : (
                  <span dir="auto">{item.title}</span>
                )}
                <p class="meta">
                  <span class="chip">{item.personaName ?? t('no_persona_yet')}</span>
                  <span class={`status ${item.status}`}>{statusLine(item.status, shared?.get(item.id)?.last)}</span>
                  <span dir="auto">{item.siteName}</span>
                  <time dateTime={new Date(item.createdAt).toISOString()}>{formatDateTime(item.createdAt)}</time>
                </p>
                {item.quote && (
                  <p class="quote" dir="auto">
                    {t('quoted', item.quote.length > 160 ? `${item.quote.slice(0, 159)}…` : item.quote)}
                  </p>
                )}
              </div>
              <div class="queue-actions">
                <button type="button" class="link" onClick={() => void act(() => send('queue.setStatus', { id: item.id, status: item.status === 'shared' ? 'queued' : 'shared' }))}>
                  {item.status === 'shared' ? t('mark_queued') : t('mark_shared')}
                </button>
                <button type="button" class="link danger" aria-label={t('remove_item_label', item.title)} onClick={() => void act(() => send('queue.remove', { id: item.id }))}>
                  {t('remove')}
                </button>
              </div>
            </li>
          ))}
        </ul>
      </div>
    </section>
  );
}
