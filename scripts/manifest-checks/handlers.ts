// Function handlers: `handler: index.x` must name a function exported by src/index.ts.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { functionsOf, result, type CheckResult, type Manifest } from './manifest';

export type ModuleLoader = (absolutePath: string) => Promise<Record<string, unknown>>;

const importModule: ModuleLoader = async (absolutePath) =>
  (await import(/* @vite-ignore */ pathToFileURL(absolutePath).href)) as Record<string, unknown>;

const HANDLER_EXTENSIONS = ['ts', 'tsx', 'js', 'jsx', 'mjs', 'cjs'];

/**
 * Every `handler: <file>.<export>` names a function exported by src/<file>. The module is really
 * imported (outside Forge the @forge/* imports are harmless, forge-platform.md section 11), so an
 * entry file that fails to load fails here too. The entry file exports handlers and nothing else.
 */
export async function checkHandlers(
  manifest: Manifest,
  rootDir: string,
  loadModule: ModuleLoader = importModule,
): Promise<CheckResult> {
  const out = result('handlers: every function handler is an export of src/');
  const loaded = new Map<string, Record<string, unknown> | Error | undefined>();
  const used = new Map<string, Set<string>>();
  for (const fn of functionsOf(manifest)) {
    const match = /^([\w\-/]+)\.(\w+)$/.exec(fn.handler);
    if (!match) {
      out.failed.push(`function ${fn.key}: handler "${fn.handler}" is not <file>.<export>`);
      continue;
    }
    const [, file = '', exportName = ''] = match;
    if (!loaded.has(file)) loaded.set(file, await loadEntry(rootDir, file, loadModule));
    const entry = loaded.get(file);
    used.set(file, (used.get(file) ?? new Set()).add(exportName));
    if (entry === undefined) {
      out.failed.push(`function ${fn.key}: src/${file}.ts does not exist, so "${fn.handler}" cannot resolve`);
    } else if (entry instanceof Error) {
      out.failed.push(`function ${fn.key}: src/${file} failed to load: ${entry.message}`);
    } else if (typeof entry[exportName] !== 'function') {
      out.failed.push(`function ${fn.key}: src/${file} has no exported function "${exportName}"`);
    } else {
      out.passed.push(`${fn.key} -> src/${file}.${exportName}`);
    }
  }
  for (const [file, entry] of loaded) {
    if (!entry || entry instanceof Error) continue;
    const extra = Object.keys(entry).filter((name) => name !== 'default' && !used.get(file)?.has(name));
    if (extra.length > 0) {
      out.failed.push(`src/${file} exports ${extra.join(', ')}, which no manifest function uses`);
    }
  }
  return out;
}

async function loadEntry(
  rootDir: string,
  file: string,
  loadModule: ModuleLoader,
): Promise<Record<string, unknown> | Error | undefined> {
  const candidate = HANDLER_EXTENSIONS.map((ext) => join(rootDir, 'src', `${file}.${ext}`)).find((p) =>
    existsSync(p),
  );
  if (!candidate) return undefined;
  try {
    return await loadModule(candidate);
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}
