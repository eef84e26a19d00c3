/**
 * Batch scoring with the extension's own lib/ code:
 *   npm run -s score -- --personas FILE.json --docs FILE.jsonl [--threshold 0.25]
 * Each input line: {"id","url"?,"title"?,"text"?,"html"?}. With html, the page is
 * extracted exactly as the content script would. Writes one line per doc:
 * {"id","best":name|null,"scores":{name:0..1}}. Pages are seen one at a time,
 * and only their term statistics are kept, never a label.
 */
import { createReadStream, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { extractFromHtml } from '../lib/extract/from-html';
import { parsePersonaFile } from '../lib/personas/transfer';
import { DEFAULT_THRESHOLD, emptyStats, scorePage } from '../lib/score';

const DocSchema = z.object({
  id: z.union([z.string(), z.number()]),
  url: z.string().optional(),
  title: z.string().optional(),
  text: z.string().optional(),
  html: z.string().optional(),
});

function fail(message: string): never {
  process.stderr.write(`score: ${message}\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { personas: { type: 'string' }, docs: { type: 'string' }, threshold: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help || !values.personas || !values.docs) {
    process.stdout.write('usage: npm run -s score -- --personas FILE.json --docs FILE.jsonl [--threshold 0..1]\n');
    process.exit(values.help ? 0 : 2);
  }
  const threshold = values.threshold === undefined ? DEFAULT_THRESHOLD : Number(values.threshold);
  if (!Number.isFinite(threshold) || threshold < 0 || threshold > 1) fail('--threshold must be a number from 0 to 1');
  let personaText: string;
  try {
    personaText = readFileSync(values.personas, 'utf8');
  } catch (err) {
    fail(`cannot read ${values.personas}: ${(err as Error).message}`);
  }
  const parsed = parsePersonaFile(personaText);
  if (!parsed.ok) fail(`${values.personas}: ${parsed.error}`);
  const personas = parsed.file.personas
    .filter((p) => p.enabled)
    .map((p) => ({ id: p.name, name: p.name, description: p.description, keywords: p.keywords, avoid: p.avoid }));

  const stats = emptyStats();
  let lineNo = 0;
  let errors = 0;
  const input = values.docs === '-' ? process.stdin : createReadStream(values.docs);
  input.on('error', (err: Error) => fail(`cannot read ${values.docs}: ${err.message}`));
  for await (const line of createInterface({ input, crlfDelay: Infinity })) {
    lineNo++;
    if (!line.trim()) continue;
    let doc: z.infer<typeof DocSchema>;
    try {
      doc = DocSchema.parse(JSON.parse(line));
    } catch (err) {
      errors++;
      process.stderr.write(`score: ${values.docs}:${lineNo}: not a valid doc line (${err instanceof Error ? err.message.split('\n')[0] : String(err)})\n`);
      continue;
    }
    let page = { title: doc.title ?? '', text: doc.text ?? '', lang: null as string | null };
    let notArticle: string | null = null;
    if (doc.html !== undefined) {
      const snap = extractFromHtml(doc.html, doc.url ?? 'https://example.invalid/');
      notArticle = snap.notArticle;
      page = { title: doc.title ?? snap.title, text: snap.text, lang: snap.lang };
    }
    const out: { id: string | number; best: string | null; scores: Record<string, number>; notArticle?: string } = { id: doc.id, best: null, scores: {} };
    if (notArticle) {
      // As in the extension: a page that is not an article gets no suggestion.
      for (const p of personas) out.scores[p.name] = 0;
      out.notArticle = notArticle;
    } else {
      const result = scorePage(page, personas, stats, threshold);
      for (const s of result.scores) out.scores[s.name] = s.score;
      const top = result.scores[0];
      out.best = top && top.suggested ? top.name : null;
    }
    process.stdout.write(`${JSON.stringify(out)}\n`);
  }
  if (errors > 0) {
    process.stderr.write(`score: ${errors} line(s) skipped\n`);
    process.exitCode = 1;
  }
}

void main();
