// Writes small project trees to a temp folder for the manifest checks to run against.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const REAL_MANIFEST = readFileSync(join(REPO_ROOT, 'manifest.yml'), 'utf8');
export const REAL_CLOUDS = readFileSync(join(REPO_ROOT, 'src/graph/clouds.ts'), 'utf8');

/** Every `index.X` handler the real manifest names: a complete tree exports each of them. */
export const ALL_HANDLERS = [...REAL_MANIFEST.matchAll(/handler:\s*index\.(\w+)/g)].map((m) => m[1]!);

export const RESOURCE_FOLDERS = ['admin', 'portal'];

export interface Tree {
  root: string;
  write(path: string, content: string): void;
  remove(): void;
}

export function makeTree(files: Record<string, string>): Tree {
  const root = mkdtempSync(join(tmpdir(), 'manifest-check-'));
  const write = (path: string, content: string) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  };
  for (const [path, content] of Object.entries(files)) write(path, content);
  return { root, write, remove: () => rmSync(root, { recursive: true, force: true }) };
}

export function handlerSource(names: string[]): string {
  return names.map((name) => `export async function ${name}() { return undefined; }`).join('\n') + '\n';
}

/** A complete, valid tree: the real manifest, an entry file with every handler, built resources. */
export function validTreeFiles(overrides: Record<string, string> = {}): Record<string, string> {
  const files: Record<string, string> = {
    'manifest.yml': REAL_MANIFEST,
    'src/index.ts': handlerSource(ALL_HANDLERS),
    'src/graph/clouds.ts': REAL_CLOUDS,
  };
  for (const folder of RESOURCE_FOLDERS) {
    files[`static/${folder}/index.html`] = '<!doctype html><div id="root"></div>';
    files[`static/${folder}/build/index.html`] = '<!doctype html><div id="root"></div>';
  }
  return { ...files, ...overrides };
}
