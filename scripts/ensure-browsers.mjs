#!/usr/bin/env node
/**
 * `npm test`'s first step (pretest): the end-to-end tests drive Debian's chromium and firefox-esr.
 * A missing browser is installed here when this machine can (root, with apt-get), or the run stops
 * now, in the first second, naming exactly what to install. It is never found out minutes later,
 * and never skipped.
 *
 * Plain Node (no TypeScript, no dependency): it runs right after `npm ci`, before anything is built.
 * `PC_NO_INSTALL=1` only checks (exit 1 and the message when something is missing).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import process from 'node:process';

/** Each browser the tests need: where the tests look for it, and the Debian package that brings it. */
const BROWSERS = [
  { name: 'Chromium', env: 'CHROMIUM_PATH', paths: ['/usr/bin/chromium'], debian: 'chromium' },
  { name: 'Firefox', env: 'FIREFOX_PATH', paths: ['/usr/bin/firefox-esr', '/usr/bin/firefox'], debian: 'firefox-esr' },
];

function executable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The path the tests will use, or null. An explicit CHROMIUM_PATH / FIREFOX_PATH is the only place looked at. */
function findBrowser(browser, env = process.env) {
  const explicit = env[browser.env];
  if (explicit) return executable(explicit) ? explicit : null;
  return browser.paths.find(executable) ?? null;
}

function canInstall() {
  if (process.env.PC_NO_INSTALL === '1') return false;
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return false;
  return spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
}

function explain(missing) {
  const lines = [
    `npm test needs ${missing.map((b) => b.name).join(' and ')} for its end-to-end tests, and ${missing.length === 1 ? 'it is' : 'they are'} not installed:`,
    ...missing.map((b) => `  - ${b.name}: looked for ${b.env} or ${b.paths.join(', ')}`),
    '',
    'Install them (Debian or Ubuntu), then run npm test again:',
    `  sudo apt-get update && sudo apt-get install -y ${missing.map((b) => b.debian).join(' ')}`,
    `Or point ${missing.map((b) => b.env).join(' / ')} at an installed browser.`,
  ];
  return lines.join('\n');
}

function main() {
  let missing = BROWSERS.filter((b) => !findBrowser(b));
  if (missing.length === 0) return;
  // An explicit path that is wrong is the person's choice to fix, not something to install over.
  const misnamed = missing.filter((b) => process.env[b.env]);
  if (misnamed.length > 0 || !canInstall()) {
    process.stderr.write(`${explain(missing)}\n`);
    process.exit(1);
  }
  const packages = missing.map((b) => b.debian);
  process.stdout.write(`pretest: installing Debian's ${packages.join(' and ')} for the end-to-end tests (apt-get, about a minute)` + '\n');
  try {
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
    execFileSync('apt-get', ['install', '-y', '-qq', ...packages], { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  } catch (error) {
    process.stderr.write(`pretest: apt-get could not install ${packages.join(' ')}: ${error instanceof Error ? error.message : String(error)}\n\n`);
    process.stderr.write(`${explain(missing)}\n`);
    process.exit(1);
  }
  missing = BROWSERS.filter((b) => !findBrowser(b));
  if (missing.length > 0) {
    process.stderr.write(`${explain(missing)}\n`);
    process.exit(1);
  }
}

main();
