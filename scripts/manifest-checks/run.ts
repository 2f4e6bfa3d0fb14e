// Runs every check and formats the report `npm run check:manifest` prints.
import { resolve } from 'node:path';
import { checkEgress } from './egress';
import { checkForgeImports } from './forge-imports';
import { checkFunctionTimeouts } from './function-timeouts';
import { checkHandlers, type ModuleLoader } from './handlers';
import { loadManifest, result, type CheckResult, type Manifest } from './manifest';
import { checkResources } from './resources';
import { checkSchema } from './schema';

export interface RunOptions {
  afterBuild: boolean;
  origins: readonly string[];
  loadModule?: ModuleLoader;
}

/** All checks against `<rootDir>/manifest.yml`; a manifest that does not parse is one failed check. */
export async function runAllChecks(rootDir: string, options: RunOptions): Promise<CheckResult[]> {
  const manifestPath = resolve(rootDir, 'manifest.yml');
  let manifest: Manifest;
  try {
    manifest = loadManifest(manifestPath);
  } catch (error) {
    const out = result('parse manifest.yml');
    out.failed.push(error instanceof Error ? error.message : String(error));
    return [out];
  }
  return [
    await checkSchema(manifestPath, { afterBuild: options.afterBuild }),
    await checkHandlers(manifest, rootDir, options.loadModule),
    checkResources(manifest, rootDir, { afterBuild: options.afterBuild }),
    checkEgress(manifest, rootDir, options.origins),
    checkForgeImports(rootDir),
    checkFunctionTimeouts(manifest),
  ];
}

/** Human-readable report and the one-line summary. */
export function formatReport(results: CheckResult[]): { lines: string[]; failed: number } {
  const lines: string[] = [];
  let passed = 0;
  let failed = 0;
  for (const check of results) {
    passed += check.passed.length;
    failed += check.failed.length;
    lines.push(`${check.failed.length === 0 ? 'PASS' : 'FAIL'} ${check.name}`);
    for (const item of check.passed) lines.push(`  ok   ${item}`);
    for (const item of check.failed) lines.push(`  FAIL ${item}`);
    for (const note of check.notes) lines.push(`  note ${note}`);
  }
  lines.push(`manifest check: ${passed} checks passed, ${failed} failed`);
  return { lines, failed };
}
