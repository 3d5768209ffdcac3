/**
 * Issue 25: imports run one way along the pipeline (ARCHITECTURE.md, layers). The test reads every import
 * of src/ and fails on one that reaches a higher layer; cli/ may import anything.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../src/index/migrations.ts';
import { INDEX_SCHEMA } from '../src/version.ts';
import { ROOT } from './helpers/cli.ts';

/** lowest first: a folder may import its own and any folder before it; errors.ts and version.ts are the base */
export const LAYERS = ['units', 'config', 'archive', 'probe', 'devices', 'index', 'audit', 'rules', 'result', 'plan', 'samples', 'app', 'fleet', 'report'];

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : /\.(ts|tsx|mjs)$/.test(e.name) ? [join(dir, e.name)] : []));
}

function layerOf(file: string): string | undefined {
  const rel = relative(join(ROOT, 'src'), file).split('/');
  return rel.length > 1 ? rel[0] : undefined;
}

describe('the layers of src/', () => {
  it('names every folder of src/ in its order', () => {
    const folders = readdirSync(join(ROOT, 'src'), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
    expect(folders.filter((f) => !LAYERS.includes(f))).toEqual([]);
  });

  it('has no import that reaches a higher layer', () => {
    const up: string[] = [];
    for (const file of files(join(ROOT, 'src'))) {
      const from = layerOf(file);
      if (!from) continue;
      for (const m of readFileSync(file, 'utf8').matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)) {
        const to = layerOf(normalize(join(dirname(file), m[1]!)));
        if (to && LAYERS.indexOf(to) > LAYERS.indexOf(from)) up.push(`${relative(ROOT, file)} imports ${m[1]} (${from} -> ${to})`);
      }
    }
    expect(up).toEqual([]);
  });

  it('has no function over 80 lines in src/ or cli/ (a newcomer reads each in a screen)', () => {
    const long: string[] = [];
    for (const file of [...files(join(ROOT, 'src')), ...files(join(ROOT, 'cli'))].filter((f) => /\.tsx?$/.test(f))) {
      const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
      const visit = (n: ts.Node): void => {
        if (ts.isFunctionDeclaration(n) || ts.isMethodDeclaration(n) || ts.isArrowFunction(n) || ts.isFunctionExpression(n) || ts.isConstructorDeclaration(n)) {
          const lines = sf.getLineAndCharacterOfPosition(n.getEnd()).line - sf.getLineAndCharacterOfPosition(n.getStart()).line + 1;
          if (lines > 80) long.push(`${relative(ROOT, file)}:${sf.getLineAndCharacterOfPosition(n.getStart()).line + 1} (${lines} lines)`);
        }
        ts.forEachChild(n, visit);
      };
      visit(sf);
    }
    expect(long).toEqual([]);
  });

  it('says the index schema as the migrations count it', () => {
    expect(INDEX_SCHEMA).toBe(MIGRATIONS.length);
  });
});
