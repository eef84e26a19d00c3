#!/usr/bin/env node
/**
 * `npm test`: the README's test command. Runs types, unit tests, the end-to-end build and the end-to-end tests as
 * separate, named steps, stops at the first that fails and says which one it was (CI shows the same lines).
 * `npm test -- --from=NAME` starts at a step (types, unit, build, e2e), to re-run after a fix.
 */
import { spawnSync } from 'node:child_process';
import console from 'node:console';
import process from 'node:process';

const STEPS = [
  { id: 'types', name: 'types (tsc)', script: 'typecheck' },
  { id: 'unit', name: 'unit tests (vitest)', script: 'test:unit' },
  { id: 'build', name: 'build for end-to-end tests', script: 'build:e2e' },
  { id: 'e2e', name: 'end-to-end tests (Chromium, Firefox)', script: 'test:e2e' },
];

const from = process.argv.find((a) => a.startsWith('--from='))?.slice('--from='.length);
const start = from ? STEPS.findIndex((s) => s.id === from) : 0;
if (start < 0) {
  console.error(`npm test: no step "${from}"; the steps are ${STEPS.map((s) => s.id).join(', ')}`);
  process.exit(2);
}

const seconds = (ms) => `${(ms / 1000).toFixed(0)} s`;
const done = [];
for (const [i, step] of STEPS.entries()) {
  if (i < start) continue;
  console.log(`\n▶ step ${i + 1}/${STEPS.length}: ${step.name} — npm run ${step.script}`);
  const began = Date.now();
  const run = spawnSync('npm', ['run', step.script], { stdio: 'inherit' });
  const took = Date.now() - began;
  if (run.status !== 0) {
    console.error(`\n✗ npm test failed at step ${i + 1}/${STEPS.length}: ${step.name} (exit ${run.status ?? run.signal}, after ${seconds(took)}).`);
    for (const d of done) console.error(`  ✓ ${d}`);
    process.exit(run.status || 1);
  }
  done.push(`${step.name}: ${seconds(took)}`);
}
console.log(`\n✓ npm test passed:\n${done.map((d) => `  ✓ ${d}`).join('\n')}`);
