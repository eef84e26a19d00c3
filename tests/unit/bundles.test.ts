import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');

/** The modules a file pulls into its bundle: value imports, re-exports and dynamic imports (type-only ones are erased). */
const parsed = new Map<string, string[]>();
function imports(file: string): string[] {
  const known = parsed.get(file);
  if (known) return known;
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true, file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const typeOnly = clause?.isTypeOnly || (clause && !clause.name && clause.namedBindings && ts.isNamedImports(clause.namedBindings) && clause.namedBindings.elements.every((e) => e.isTypeOnly));
      if (!typeOnly) found.push(node.moduleSpecifier.text);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier) && !node.isTypeOnly) {
      found.push(node.moduleSpecifier.text);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0] && ts.isStringLiteral(node.arguments[0])) {
      found.push(node.arguments[0].text);
    }
    node.forEachChild(visit);
  };
  visit(source);
  parsed.set(file, found);
  return found;
}

function resolve(from: string, spec: string): string | null {
  const base = join(dirname(from), spec);
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts')]) if (existsSync(candidate) && candidate.match(/\.tsx?$/)) return candidate;
  return null;
}

/** Every package an entry point reaches, with the chain of files that reaches it first. */
function packagesReached(entry: string): Map<string, string[]> {
  const packages = new Map<string, string[]>();
  const seen = new Set<string>();
  const queue: [string, string[]][] = [[join(ROOT, entry), [entry]]];
  while (queue.length) {
    const [file, chain] = queue.shift()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const spec of imports(file)) {
      if (spec.startsWith('.')) {
        const next = resolve(file, spec);
        if (next) queue.push([next, [...chain, relative(ROOT, next)]]);
      } else if (!packages.has(spec)) packages.set(spec, chain);
    }
  }
  return packages;
}

describe('what each bundle carries', () => {
  // The Public Suffix List (tldts) is ~140 KB of code. The extractor is injected into every page a person reads
  // and the views open on every click: only the background, which decides what is shared, needs it.
  const LIGHT = [
    'entrypoints/extractor.content.ts',
    'entrypoints/popup/main.tsx',
    'entrypoints/sidepanel/main.tsx',
    'entrypoints/options/main.tsx',
    'entrypoints/onboarding/main.tsx',
    'entrypoints/offscreen/main.ts',
  ];

  it('keeps the Public Suffix List in the background only', () => {
    for (const entry of LIGHT) expect(packagesReached(entry).get('tldts'), `${entry} reaches tldts`).toBeUndefined();
    // The test can fail: the background does reach it, through the one module that imports it.
    expect(packagesReached('entrypoints/background.ts').get('tldts')?.at(-1)).toBe('lib/util/site.ts');
  });
});
