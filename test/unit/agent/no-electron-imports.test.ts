import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const agentDir = join(root, 'agent');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return /\.(c|m)?tsx?$|\.(c|m)?js$/.test(e.name) ? [path] : [];
  });
}

/** Every module specifier in `import … from`, `export … from`, `import(…)` and `require(…)`. */
export function specifiers(text: string): string[] {
  const out: string[] = [];
  const patterns = [/\bfrom\s+['"]([^'"]+)['"]/g, /\bimport\s*\(\s*['"]([^'"]+)['"]/g, /\brequire\s*\(\s*['"]([^'"]+)['"]/g, /^\s*import\s+['"]([^'"]+)['"]/gm];
  for (const re of patterns) for (const m of text.matchAll(re)) out.push(m[1]!);
  return out;
}

/** Imports of `file` that land in electron/ (the app) or name the electron package. */
export function electronImports(file: string, text: string): string[] {
  return specifiers(text).filter((spec) => {
    if (spec === 'electron' || spec.startsWith('electron/')) return true;
    if (!spec.startsWith('.')) return false;
    const target = relative(root, resolve(dirname(file), spec));
    return target === 'electron' || target.startsWith('electron/');
  });
}

describe('agent/ runs without the app', () => {
  it('finds an electron/ import when there is one (the check can fail)', () => {
    const file = join(agentDir, 'server', 'x.ts');
    expect(electronImports(file, "import type { Logger } from '../../electron/core/logger';")).toEqual(['../../electron/core/logger']);
    expect(electronImports(file, "const m = await import('../../electron/core/errors');")).toHaveLength(1);
    expect(electronImports(file, "import { app } from 'electron';")).toHaveLength(1);
    expect(electronImports(file, "import { x } from '../../shared/log/logger';")).toEqual([]);
  });

  it('no file under agent/ imports from electron/', () => {
    const files = sourceFiles(agentDir);
    expect(files.length).toBeGreaterThan(20);
    const offenders = files.flatMap((f) => electronImports(f, readFileSync(f, 'utf8')).map((s) => `${relative(root, f)} → ${s}`));
    expect(offenders).toEqual([]);
  });
});
