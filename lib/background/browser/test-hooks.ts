import type { Handlers } from '../../protocol/router';
import type { ModelControl } from '../../model/control';
import type { CuratorDb } from '../../store/db';
import { getKv, KEYS } from '../../store/kv';
import type { Phases } from '../services/context';

/**
 * Test builds only (every call sits behind `__PC_TEST_BUILD__`, so a store build drops this module; see
 * tests/e2e/manifest.test.ts): where the stand-in hub is, a model whose answers a test may hold back, each tab's
 * last suggestion's step times, and a handle on globalThis for the end-to-end tests (which cannot click a native
 * context menu) and benchmarks, with the very same handlers.
 */
export function testHooks(db: CuratorDb) {
  const phases = new Map<number, Phases>();
  let held: { until: Promise<void>; release: () => void } | null = null;
  const holdModel = () => {
    let release!: () => void;
    const until = new Promise<void>((resolve) => (release = resolve));
    held = { until, release };
  };
  const releaseModel = () => {
    held?.release();
    held = null;
  };
  return {
    /** Where model downloads come from, and their checks, instead of the hub's. */
    modelSource: { remoteHost: () => getKv(db, KEYS.testModelHost), testDownload: () => getKv(db, KEYS.testModelFiles) },
    /** The model, its answers held back while a test asks. */
    holdable: (model: ModelControl): ModelControl => ({
      ...model,
      embed: async (...args: Parameters<ModelControl['embed']>) => {
        await held?.until;
        return model.embed(...args);
      },
    }),
    onPhases: (tabId: number, p: Phases) => void phases.set(tabId, p),
    expose(handle: { onContextMenu: unknown; copyBestDraft: unknown; handlers: Handlers }) {
      (globalThis as Record<string, unknown>).personaCurator = { ...handle, phases, holdModel, releaseModel };
    },
  };
}
