import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const CONFIG = join(ROOT, '.dependency-cruiser.cjs');
const CLI = join(ROOT, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');

interface Violation {
  rule: { name: string };
  from: string;
  to: string;
}

/** dependency-cruiser's verdict on lib/ and entrypoints/ under `cwd`, with the project's rules (.dependency-cruiser.cjs). */
function violations(cwd: string): string[] {
  let out: string;
  try {
    out = execFileSync(process.execPath, [CLI, 'lib', 'entrypoints', '--config', CONFIG, '--output-type', 'json'], { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  } catch (err) {
    // It exits non-zero when it finds violations; the report is still on stdout.
    out = (err as { stdout?: string }).stdout ?? '';
  }
  const report = JSON.parse(out) as { summary: { violations: Violation[] } };
  return [...new Set(report.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to.replace(/^(\.\.\/)+/, '')}`))].sort();
}

describe('layers', () => {
  it('every import points down: pure modules, store, services, background and views, entry points', () => {
    expect(violations(ROOT)).toEqual([]);
  }, 60_000);

  it('the rules catch an import that points up, a store that loads the scorer, a view that reaches the Public Suffix List and a service that reaches the browser', () => {
    expect(violations(join(ROOT, 'tests/unit/fixtures/layers'))).toEqual([
      'hosts-below-background: lib/export/queue.ts → lib/background/services/suggest.ts',
      'public-suffix-list-in-background-only: entrypoints/popup/main.tsx → node_modules/tldts/dist/es6/index.js',
      'services-free-of-browser: lib/background/services/suggest.ts → lib/background/browser/badge.ts',
      'store-below-services: lib/store/schema.ts → lib/core/score/lexical.ts',
      'store-loads-no-scorer: lib/store/schema.ts → node_modules/stopword/src/stopword.js',
    ]);
  }, 60_000);

  it('the rules keep the protocol between the store and the services: it reaches nothing above it, and only its leaf is read by pure modules', () => {
    expect(violations(join(ROOT, 'tests/unit/fixtures/layers/protocol'))).toEqual([
      'protocol-below-services: lib/protocol/requests.ts → lib/background/curator.ts',
      'pure-stays-pure: lib/core/score/hybrid.ts → lib/protocol/client.ts',
      'store-below-services: lib/store/schema.ts → lib/protocol/requests.ts',
    ]);
  }, 60_000);
});
