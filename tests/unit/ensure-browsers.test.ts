import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SCRIPT = fileURLToPath(new URL('../../scripts/ensure-browsers.mjs', import.meta.url));

function run(env: Record<string, string>) {
  const started = performance.now();
  const result = spawnSync(process.execPath, [SCRIPT], { env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8' });
  return { ...result, ms: performance.now() - started };
}

describe('npm test brings or names its browsers up front', () => {
  it('runs before the tests: pretest and pretest:e2e call the browser check', () => {
    const scripts = (JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as { scripts: Record<string, string> }).scripts;
    expect(scripts.pretest).toBe('node scripts/ensure-browsers.mjs');
    expect(scripts['pretest:e2e']).toBe('node scripts/ensure-browsers.mjs');
  });

  it('CI runs the README command, not an install of its own', () => {
    const ci = readFileSync(`${ROOT}.ci/run`, 'utf8');
    // A named step (`step test npm test`), so a red run says which part failed.
    expect(ci).toMatch(/^step test npm test$/m);
    expect(ci).not.toMatch(/apt-get install/);
  });

  it('stops within a second and names what to install when a browser is missing and cannot be installed', () => {
    const result = run({ PC_NO_INSTALL: '1', CHROMIUM_PATH: '/nonexistent/chromium', FIREFOX_PATH: '/nonexistent/firefox' });
    expect(result.status).toBe(1);
    // Measured at about 0.15 s; the bound leaves room for a machine busy with the other test files.
    expect(result.ms).toBeLessThan(2000);
    expect(result.stderr).toContain('apt-get install -y chromium firefox-esr');
    expect(result.stderr).toContain('CHROMIUM_PATH');
  });

  it('names only the browser that is missing', () => {
    // `node` itself is an executable file: it stands for a Chromium that is there.
    const result = run({ PC_NO_INSTALL: '1', CHROMIUM_PATH: process.execPath, FIREFOX_PATH: '/nonexistent/firefox' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('apt-get install -y firefox-esr');
    expect(result.stderr).not.toContain(' chromium');
  });

  it('passes silently when both browsers are there', () => {
    const result = run({ PC_NO_INSTALL: '1', CHROMIUM_PATH: process.execPath, FIREFOX_PATH: process.execPath });
    expect(result.status).toBe(0);
    expect(result.stderr).toBe('');
  });
});
