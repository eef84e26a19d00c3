import type { CuratorDb } from '../../store/db';
import { reopenIfClosed } from '../../store/db';
import type { PushPayload, SeenStatus } from '../../protocol/requests';
import type { ModelControl } from '../../model/control';
import { PageSnapshotSchema, type PageSnapshot } from '../../core/extract/snapshot';
import { CuratorError, explainError } from '../../protocol/errors';
import { t } from '../../i18n/i18n';
import type { FeedDeps } from './feeds';

/** Milliseconds per step of a suggestion, in the order they ran. */
export type Phases = Record<string, number>;

/** What the curator needs from the browser; tests pass fakes, the background passes the real thing. */
export interface CuratorDeps {
  db: CuratorDb;
  /** Runs the extractor in the tab and returns what it read (validated here). */
  readTab: (tabId: number) => Promise<unknown>;
  /** The on-device model, when this context can reach one. Without it the lexical scorer answers. */
  model?: ModelControl;
  now?: () => number;
  /** Told what the curator learned about a tab's article (already queued or shared, or not): the toolbar badge shows it. */
  onSeen?: (tabId: number, seen: SeenStatus | null) => void;
  /** How long each step of a suggestion took (test builds keep them for the end-to-end tests' timings). */
  onPhases?: (tabId: number, phases: Phases) => void;
  /** The model's answer after a progressive suggestion (the background pushes it to the views). */
  onUpgraded?: (upgrade: PushPayload<'suggest.upgraded'>) => void;
  /** Fetching feeds, their schedule and what new picks show (lib/background/browser/feeds); without it, feeds are not fetched. */
  feeds?: FeedDeps;
}

/** What every service shares: the browser's parts, the clock, and one way to explain a storage failure. */
export interface ServiceContext {
  deps: CuratorDeps;
  db: CuratorDb;
  now: () => number;
  /**
   * Explains a storage failure, and lets the database open again afterwards: Chrome closes the
   * connection when the disk fills, and a failed reopen would otherwise stick until the worker restarts.
   */
  storageFailure: (err: unknown) => CuratorError;
  /** Reads a tab and checks what the extractor returned. */
  readPage: (tabId: number) => Promise<PageSnapshot>;
}

export function validateSnapshot(raw: unknown): PageSnapshot {
  const parsed = PageSnapshotSchema.safeParse(raw);
  if (!parsed.success) throw new CuratorError('unreadable', t('error_page_senseless'));
  return parsed.data;
}

export function serviceContext(deps: CuratorDeps): ServiceContext {
  const { db } = deps;
  return {
    deps,
    db,
    now: deps.now ?? (() => Date.now()),
    storageFailure(err) {
      const e = explainError(err);
      if (e.code === 'quota' || e.code === 'storage') reopenIfClosed(db);
      return e;
    },
    readPage: async (tabId) => validateSnapshot(await deps.readTab(tabId)),
  };
}

/** Records into `phases` the time since the previous mark under each name (nothing when phases is undefined). */
export function phaseClock(phases: Phases | undefined): (name: string) => void {
  let last = performance.now();
  return (name) => {
    if (!phases) return;
    const at = performance.now();
    phases[name] = Math.round((phases[name] ?? 0) + at - last);
    last = at;
  };
}
