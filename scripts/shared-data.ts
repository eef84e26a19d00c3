import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

/**
 * The shared test pages and AG News, used by path and never copied into the project:
 * `PC_SHARED_DIR` if set; else `../shared` beside this checkout; else, for a clone of a local
 * repository (`git clone /work/main /tmp/x`), `../shared` beside the repository it was cloned from.
 */
export function sharedDir(): string {
  const candidates = [process.env.PC_SHARED_DIR, join(ROOT, '../shared')];
  try {
    const origin = execFileSync('git', ['config', '--get', 'remote.origin.url'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const local = origin.startsWith('file://') ? fileURLToPath(origin) : origin;
    if (local && isAbsolute(local)) candidates.push(join(resolve(local), '../shared'));
  } catch {
    // not a git checkout, or no origin: the other places still count
  }
  // Not found anywhere: the usual place, so that what reads it fails naming the path it looked for.
  return candidates.find((dir): dir is string => Boolean(dir) && existsSync(join(dir!, 'pages'))) ?? join(ROOT, '../shared');
}

export const SHARED = sharedDir();
export const PAGES_DIR = join(SHARED, 'pages');
export const AGNEWS_CSV = join(SHARED, 'data/agnews/test.csv');
