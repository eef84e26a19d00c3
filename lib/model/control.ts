import { readSettings, type CuratorDb } from '../store/db';
import { getKv, KEYS, putKv } from '../store/kv';
import { modelInfo, type ModelInfo } from './catalog';
import type { EmbedKind, LoadPlan } from './host';
import { idleStatus, type ModelStatus } from './status';
import { fileChecks, type FileCheck } from './verify';
import { ignored } from '../util/log';

/** Runs model work somewhere: Chrome's offscreen document, or in-process (Firefox's background page). */
export interface ModelRunner {
  load(plan: LoadPlan): Promise<void>;
  embed(plan: LoadPlan, texts: string[], kind: EmbedKind): Promise<number[][]>;
  /** Frees the model now (its host then gives memory back). */
  close(): Promise<void>;
  /** Copies text to the clipboard from the host page (the service worker has none). */
  copy?(text: string): Promise<void>;
}

export interface ModelControlOptions {
  db: CuratorDb;
  runner: ModelRunner;
  /** Model ids shipped inside the extension (a MODEL_DIR build). */
  bundledIds: () => Promise<string[]>;
  /** Where downloads come from: the hub, or a local stand-in in test builds. */
  remoteHost?: () => Promise<string | undefined>;
  /** Test builds only: the stand-in hub's revision and file checks, in place of the catalogue's. */
  testDownload?: () => Promise<{ revision: string; files: FileCheck[] } | undefined>;
}

/** A download that has said nothing for this long is taken as dead (its host was closed mid-way). */
const STALLED_MS = 30_000;

export async function readModelStatus(db: CuratorDb): Promise<ModelStatus | null> {
  return getKv(db, KEYS.modelStatus);
}

/**
 * Writes a status change (from the model host) into the kv row views watch.
 * One transaction, merged with what is there, so progress and counters never go backwards on a race.
 */
export async function writeModelStatus(db: CuratorDb, change: Partial<ModelStatus> & { modelId: string }, countInference = false): Promise<void> {
  await db.transaction('rw', db.kv, async () => {
    const previous = (await readModelStatus(db)) ?? idleStatus(change.modelId);
    const sameModel = previous.modelId === change.modelId;
    const base = sameModel ? previous : { ...idleStatus(change.modelId), inferences: previous.inferences };
    const next: ModelStatus = { ...base, ...change, inferences: base.inferences + (countInference ? 1 : 0), updatedAt: Date.now() };
    await putKv(db, KEYS.modelStatus, next);
  });
}

export interface ModelChoice {
  info: ModelInfo;
  plan: LoadPlan;
}

/**
 * The background's control of the on-device model (not a runtime.Port: it talks to the host through a ModelRunner).
 * Decides, for each page, whether the model answers: a bundled model always
 * (it loads from the extension's files); a downloaded one once it is ready.
 * Until then the lexical scorer answers and the download runs in the background.
 */
export function createModelControl(options: ModelControlOptions) {
  const { db, runner } = options;

  const settings = () => readSettings(db);

  async function planFor(id: string): Promise<{ info: ModelInfo; plan: LoadPlan; bundled: boolean } | null> {
    const info = modelInfo(id);
    if (!info) return null;
    const bundled = (await options.bundledIds()).includes(id);
    if (bundled) return { info, bundled, plan: { modelId: id, bundled } };
    const remoteHost = await options.remoteHost?.();
    // A download is pinned to the catalogue's revision, and every file is checked against it before it is cached.
    const pinned = (await options.testDownload?.()) ?? { revision: info.revision ?? 'main', files: fileChecks(info) };
    return { info, bundled, plan: { modelId: id, bundled, ...(remoteHost ? { remoteHost } : {}), ...pinned } };
  }

  function startDownload(plan: LoadPlan): void {
    void runner.load(plan).catch(ignored('model-control')); // the host records failures in the status row
  }

  return {
    /** The model to score with now, or null (lexical). May start a download as a side effect. */
    async choose(): Promise<ModelChoice | null> {
      const { model } = await settings();
      if (model.id === 'off') return null;
      const p = await planFor(model.id);
      if (!p) return null;
      if (p.bundled) return { info: p.info, plan: p.plan };
      if (!model.consent) return null;
      const status = await readModelStatus(db);
      const mine = status?.modelId === model.id ? status : null;
      if (mine?.phase === 'ready') return { info: p.info, plan: p.plan };
      if (mine?.phase === 'error') return null; // the person retries from a view
      const stalled = !mine || mine.phase === 'idle' || Date.now() - mine.updatedAt > STALLED_MS;
      if (stalled) startDownload(p.plan);
      return null;
    },

    embed(plan: LoadPlan, texts: string[], kind: EmbedKind): Promise<number[][]> {
      return runner.embed(plan, texts, kind);
    },

    /** Starts (or restarts) loading the chosen model, e.g. after the person agreed or pressed Retry. */
    async warmUp(): Promise<void> {
      const { model } = await settings();
      if (model.id === 'off') return;
      const p = await planFor(model.id);
      if (!p || (!p.bundled && !model.consent)) return;
      await writeModelStatus(db, { modelId: model.id, phase: p.bundled ? 'loading' : 'downloading', error: null, loaded: 0, total: 0 });
      startDownload(p.plan);
    },

    planFor,
    /** The download host when it is not the hub (test builds), else undefined. */
    downloadHost: async () => options.remoteHost?.(),
    close: () => runner.close(),
  };
}

export type ModelControl = ReturnType<typeof createModelControl>;
