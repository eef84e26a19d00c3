import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The shared real pages, used by path (never copied into the project). */
export const PAGES_DIR = fileURLToPath(new URL('../../../shared/pages/', import.meta.url));

export function pageHtml(name: string): string {
  return readFileSync(`${PAGES_DIR}${name}/source.html`, 'utf8');
}

export function expectedMetadata(name: string): { title?: string; byline?: string; lang?: string; readerable?: boolean; siteName?: string } | null {
  const p = `${PAGES_DIR}${name}/expected-metadata.json`;
  return existsSync(p) ? JSON.parse(readFileSync(p, 'utf8')) : null;
}
