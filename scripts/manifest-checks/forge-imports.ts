// The @forge import boundary (DESIGN.md "Layout"): only src/forge/ imports @forge/*, Custom UI
// under static/ only @forge/bridge, and nothing imports @forge/ui (UI Kit 1 is removed).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import ts from 'typescript';
import { result, type CheckResult } from './manifest';

const SCANNED_EXTENSIONS = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/;
const SKIPPED_FOLDERS = new Set(['node_modules', 'build', 'dist', 'coverage']);

function listSourceFiles(folder: string): string[] {
  if (!existsSync(folder)) return [];
  const files: string[] = [];
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    if (entry.name.startsWith('.') || SKIPPED_FOLDERS.has(entry.name)) continue;
    const full = join(folder, entry.name);
    if (entry.isDirectory()) files.push(...listSourceFiles(full));
    else if (SCANNED_EXTENSIONS.test(entry.name) && statSync(full).isFile()) files.push(full);
  }
  return files;
}

/** Why importing `specifier` from `file` (relative, `/`-separated) breaks the boundary, if it does. */
export function forgeImportProblem(file: string, specifier: string): string | undefined {
  if (!specifier.startsWith('@forge/')) return undefined;
  if (specifier === '@forge/ui' || specifier.startsWith('@forge/ui/')) {
    return 'imports @forge/ui (UI Kit 1 is removed; use Custom UI)';
  }
  if (file.startsWith('static/')) {
    return specifier === '@forge/bridge'
      ? undefined
      : `imports ${specifier}; Custom UI talks to Forge through @forge/bridge only`;
  }
  if (file.startsWith('src/forge/')) {
    return specifier === '@forge/bridge'
      ? 'imports @forge/bridge, which runs only in the browser'
      : undefined;
  }
  return `imports ${specifier}; only src/forge/ (and static/* through @forge/bridge) may import @forge/*`;
}

/** Scan src/, static/ and sandbox/ with TypeScript's own import scanner (comments are ignored). */
export function checkForgeImports(rootDir: string): CheckResult {
  const out = result('imports: @forge/* only in src/forge/ and static/*, never @forge/ui');
  let clean = 0;
  for (const top of ['src', 'static', 'sandbox']) {
    for (const full of listSourceFiles(join(rootDir, top))) {
      const file = relative(rootDir, full).split(sep).join('/');
      const imports = ts.preProcessFile(readFileSync(full, 'utf8'), true, true).importedFiles;
      const problems = imports
        .map((ref) => forgeImportProblem(file, ref.fileName))
        .filter((p): p is string => p !== undefined);
      for (const problem of problems) out.failed.push(`${file} ${problem}`);
      if (problems.length === 0) clean += 1;
    }
  }
  out.passed.push(`${clean} file(s) clean`);
  out.notes.push('scanned .ts/.tsx/.js files under src/, static/, sandbox/');
  return out;
}
