import type { ImpactReport } from './join';

/** Below this many shares, a persona's or a network's visits per share say nothing yet. */
export const MIN_SHARES = 5;
/** A difference smaller than this (as a ratio) is not worth a sentence. */
export const MIN_RATIO = 1.2;

/** A finding the view words (lib/ui/impact): computed here, only where the numbers support it. */
export type Finding =
  | { kind: 'persona-ratio'; better: string; worse: string; ratio: number }
  | { kind: 'network-better'; persona: string; better: string; worse: string; ratio: number }
  | { kind: 'best-week'; persona: string; week: string; visits: number };

/**
 * Plain findings from the joined table:
 * - the persona with the most visits per share against the one with the fewest, when both have MIN_SHARES shares;
 * - within each persona, its best network against its weakest, each with MIN_SHARES shares;
 * - the week that brought the most visits overall, and whose it was.
 * Empty when nothing reaches the minimum: the view then says "not enough data yet".
 */
export function findings(report: ImpactReport): Finding[] {
  const out: Finding[] = [];
  const ranked = report.personas.filter((p) => p.shares >= MIN_SHARES && p.perShare !== null).sort((a, b) => b.perShare! - a.perShare!);
  if (ranked.length >= 2) {
    const [best, worst] = [ranked[0]!, ranked[ranked.length - 1]!];
    const ratio = worst.perShare! > 0 ? best.perShare! / worst.perShare! : Infinity;
    if (ratio >= MIN_RATIO && Number.isFinite(ratio)) out.push({ kind: 'persona-ratio', better: best.name, worse: worst.name, ratio });
  }
  for (const p of report.personas) {
    const nets = p.networks.filter((n) => n.shares >= MIN_SHARES && n.perShare !== null).sort((a, b) => b.perShare! - a.perShare!);
    if (nets.length < 2) continue;
    const [best, worst] = [nets[0]!, nets[nets.length - 1]!];
    const ratio = worst.perShare! > 0 ? best.perShare! / worst.perShare! : Infinity;
    if (ratio >= MIN_RATIO) out.push({ kind: 'network-better', persona: p.name, better: best.network, worse: worst.network, ratio });
  }
  if (out.length > 0) {
    let top: Finding | null = null;
    for (const p of report.personas) {
      if (p.shares < MIN_SHARES) continue;
      p.weekly.visits.forEach((visits, i) => {
        if (visits > 0 && (!top || (top.kind === 'best-week' && visits > top.visits))) top = { kind: 'best-week', persona: p.name, week: report.weeks[i]!, visits };
      });
    }
    if (top) out.push(top);
  }
  return out;
}
