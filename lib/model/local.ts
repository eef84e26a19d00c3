import { existsSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import type { BatchOptions } from '../core/score/batch';
import { DEFAULT_MODEL_ID, modelInfo } from './catalog';
import { createModelHost } from './host';

/**
 * Loads a model from a local folder for Node (the score CLI and the
 * evaluation): never the network. `catalogueId` picks the catalogue entry
 * whose prefixes and token limit apply (the model calibrates itself from the pages it scores, lib/core/score/fusion.ts).
 */
export async function loadLocalModel(folder: string, catalogueId?: string): Promise<NonNullable<BatchOptions['semantic']>> {
  const dir = resolve(folder);
  if (!existsSync(`${dir}/config.json`)) throw new Error(`${folder}: no config.json there (make one with npm run make-test-model)`);
  const host = createModelHost({ localModelPath: `${dirname(dir)}/` });
  const plan = { modelId: basename(dir), bundled: true };
  await host.load(plan);
  const catalogued = modelInfo(catalogueId ?? '') ?? modelInfo(DEFAULT_MODEL_ID)!;
  const memory = new Map<string, ArrayLike<number>[]>();
  return {
    info: { ...catalogued, id: catalogueId ?? basename(dir) },
    embed: (texts, kind) => host.embed(plan, texts, kind),
    cache: { get: async (k) => memory.get(k), put: async (k, v) => void memory.set(k, v) },
  };
}
