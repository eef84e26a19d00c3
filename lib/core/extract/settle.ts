/** How long reading waits for the page's load event, then for an idle moment. */
export const SETTLE = { loadMs: 3_000, idleMs: 500 } as const;

type SettleWindow = Pick<Window, 'addEventListener' | 'removeEventListener' | 'setTimeout' | 'clearTimeout'> & {
  document: Pick<Document, 'readyState'>;
  requestIdleCallback?: (cb: () => void, opts?: { timeout: number }) => number;
};

/**
 * Resolves once the page has loaded (or `loadMs` passed) and the main thread
 * had an idle moment (or `idleMs` passed), so reading never competes with the
 * page's own loading. Bounded: a page that never loads or never idles (it
 * animates or mutates forever) is read anyway after loadMs + idleMs.
 */
export async function pageSettled(win: SettleWindow, limits: { loadMs: number; idleMs: number } = SETTLE): Promise<void> {
  if (win.document.readyState !== 'complete') {
    await new Promise<void>((resolve) => {
      const done = () => {
        win.removeEventListener('load', done);
        win.clearTimeout(timer);
        resolve();
      };
      const timer = win.setTimeout(done, limits.loadMs);
      win.addEventListener('load', done);
    });
  }
  await new Promise<void>((resolve) => {
    if (typeof win.requestIdleCallback === 'function') win.requestIdleCallback(() => resolve(), { timeout: limits.idleMs });
    else win.setTimeout(resolve, 0);
  });
}
