/**
 * Batch scoring with the extension's own lib/ code:
 *   npm run -s score -- --personas FILE.json --docs FILE.jsonl [--threshold 0.35] [--model DIR [--model-id ID]]
 * Each input line: {"id","url"?,"title"?,"text"?,"html"?}. With html, the page is
 * extracted exactly as the content script would. Writes one line per doc:
 * {"id","best":name|null,"scores":{name:0..1}}. Pages are seen one at a time,
 * and only their term statistics are kept, never a label. With --model, a
 * local model folder (never the network) adds the semantic half, as in the
 * extension; --model-id names its catalogue entry (prefixes, calibration).
 */
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { z } from '../lib/util/zod';
import { extractFromHtml } from '../lib/extract/from-html';
import { parsePersonaFile } from '../lib/personas/transfer';
import { basename, dirname, resolve } from 'node:path';
import { DEFAULT_MODEL_ID, modelInfo, type ModelInfo } from '../lib/model/catalog';
import { createModelHost } from '../lib/model/host';
import { DEFAULT_THRESHOLD, emptyStats, scorePage, type PageScores } from '../lib/score';
import { hybridScore, type VectorCache } from '../lib/score/hybrid';
import { sha256 } from '../lib/util/hash';

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
    options: {
      personas: { type: 'string' },
      docs: { type: 'string' },
      threshold: { type: 'string' },
      model: { type: 'string' },
      'model-id': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help || !values.personas || !values.docs) {
    process.stdout.write('usage: npm run -s score -- --personas FILE.json --docs FILE.jsonl [--threshold 0..1] [--model DIR [--model-id ID]]\n');
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

  let semantic: { info: ModelInfo; embed: (texts: string[], kind: 'query' | 'passage') => Promise<number[][]>; cache: VectorCache } | null = null;
  if (values.model) {
    const dir = resolve(values.model);
    if (!existsSync(`${dir}/config.json`)) fail(`--model ${values.model}: no config.json there (make one with npm run make-test-model)`);
    const host = createModelHost({ localModelPath: `${dirname(dir)}/` });
    const plan = { modelId: basename(dir), bundled: true };
    const catalogued = modelInfo(values['model-id'] ?? '') ?? modelInfo(DEFAULT_MODEL_ID)!;
    const memory = new Map<string, ArrayLike<number>[]>();
    semantic = {
      info: { ...catalogued, id: values['model-id'] ?? basename(dir) },
      embed: (texts, kind) => host.embed(plan, texts, kind),
      cache: { get: async (k) => memory.get(k), put: async (k, v) => void memory.set(k, v) },
    };
    try {
      await host.load(plan);
    } catch (err) {
      fail(`--model ${values.model}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

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
    const out: { id: string | number; best: string | null; scores: Record<string, number>; mode?: string; notArticle?: string } = { id: doc.id, best: null, scores: {} };
    if (notArticle) {
      // As in the extension: a page that is not an article gets no suggestion.
      for (const p of personas) out.scores[p.name] = 0;
      out.notArticle = notArticle;
    } else {
      const lexical: PageScores = scorePage(page, personas, stats, threshold);
      let result = { mode: lexical.mode as string, scores: lexical.scores };
      if (semantic) {
        result = await hybridScore({
          page,
          contentHash: await sha256(`${page.title}\n${page.text}`),
          language: lexical.language,
          lexical: lexical.scores,
          personas,
          model: semantic.info,
          embed: semantic.embed,
          cache: semantic.cache,
          threshold,
        });
      }
      out.mode = result.mode;
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
