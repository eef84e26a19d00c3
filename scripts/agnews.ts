import { readFileSync } from 'node:fs';
import Papa from 'papaparse';

/** AG News label ids, in the eval personas file's order (World, Sports, Business, Sci/Tech). */
export const LABELS = ['1', '2', '3', '4'];

/** An AG News row: its topic (0–3), title and description. */
export interface NewsItem {
  label: number;
  title: string;
  text: string;
}

/** AG News escapes: "#36;" is "$", a backslash is a line break, and some items carry escaped HTML. */
export function clean(s: string): string {
  return s
    .replace(/#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/<[^>]*>/g, ' ')
    .replace(/\\+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The rows of an AG News CSV (label, title, description), in file order. */
export function readNews(path: string): NewsItem[] {
  const parsed = Papa.parse<string[]>(readFileSync(path, 'utf8'), { skipEmptyLines: true });
  return parsed.data
    .slice(1)
    .filter((r) => LABELS.includes(r[0] ?? ''))
    .map((r) => ({ label: LABELS.indexOf(r[0]!), title: clean(r[1] ?? ''), text: clean(r[2] ?? '') }));
}
