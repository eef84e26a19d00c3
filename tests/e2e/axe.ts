import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

/** axe-core for the end-to-end tests (tests/e2e/a11y.test.ts, and the views other tests bring up). */

// Extension pages allow only their own scripts (`script-src 'self'`), so a <script> tag with axe's source is refused.
// page.evaluate goes through CDP's Runtime.evaluate, which the page's CSP does not govern.
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/** Runs axe on the page as it is now; returns the serious and critical violations, one line each. */
export async function axe(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const run = (globalThis as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: Violation[] }> } }).axe.run;
    const { violations } = await run(document, { resultTypes: ['violations'] });
    return violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })) }));
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id} (${v.help}): ${v.nodes.map((n) => `${n.target.join(' ')}`).join(', ')}\n    ${v.nodes[0]?.failureSummary?.replace(/\n/g, ' ') ?? ''}`);
}

export async function assertAxeClean(page: Page, label: string): Promise<void> {
  const found = await axe(page);
  assert.deepEqual(found, [], `${label}: ${found.length} serious or critical axe violations\n  ${found.join('\n  ')}`);
}
