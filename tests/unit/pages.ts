import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PAGES_DIR } from '../../scripts/shared-data';

/** The shared real pages, used by path (never copied into the project). */
export { PAGES_DIR };

export function pageHtml(name: string): string {
  return readFileSync(join(PAGES_DIR, name, 'source.html'), 'utf8');
}

export function expectedMetadata(name: string): { title?: string; byline?: string; lang?: string; readerable?: boolean; siteName?: string } | null {
  const p = join(PAGES_DIR, name, 'expected-metadata.json');
  return existsSync(p) ? JSON.parse(readFileSync(p, 'utf8')) : null;
}
