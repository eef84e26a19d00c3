import type { PersonaScore, ScoringPersona } from './lexical';
import { observe, type FusionSettings, type PersonaMemory, type Similarities } from './fusion';
import { addPage, ridgeRow, type RidgeState } from './ridge';
import { SELF_TRAIN, seedKey, type ScoreMode } from './index';

/**
 * After scoring: every persona's similarities join its calibration statistics, and a page that one
 * persona clearly leads joins that persona's reading centroid (the same rule as the word matching's
 * self-training, on the fused score).
 */
export function learnFrom(
  own: Record<string, PersonaMemory>,
  ridge: RidgeState | null,
  personas: readonly ScoringPersona[],
  sims: ReadonlyMap<string, Similarities>,
  ranked: readonly PersonaScore[],
  pageVector: Float32Array | null,
  settings: FusionSettings,
  mode: ScoreMode,
): void {
  for (const p of personas) {
    const s = sims.get(p.id);
    if (s) observe((own[seedKey(p)] ??= {}), s, settings);
  }
  const [top, second] = ranked;
  const persona = top && personas.find((p) => p.id === top.personaId);
  if (!pageVector || !top || !persona) return;
  const lead = top.score - (second?.score ?? 0);
  // The regression learns only from pages the words had a say in: trained on its own answers alone (a
  // language the word matching cannot read), it drifted (AG News, the model alone, zero-shot: 0.49 on the
  // second half, with the softmax regression before it).
  if (ridge && mode === 'hybrid' && top.score >= settings.linear.minScore && lead >= settings.linear.minMargin) addPage(ridge, ridgeRow(own, persona, ridge.dim), pageVector);
  if (top.score < SELF_TRAIN.minScore || lead < SELF_TRAIN.minMargin) return;
  const mem = (own[seedKey(persona)] ??= {});
  const read = (mem.read ??= { n: 0, sum: Array.from({ length: pageVector.length }, () => 0) });
  if (read.sum.length !== pageVector.length) return;
  read.n += 1;
  for (let d = 0; d < pageVector.length; d++) read.sum[d]! += pageVector[d]!;
}
