// @forge/manifest's own validation, the offline stand-in for `forge lint` (forge-platform.md 10).
import forgeManifest from '@forge/manifest';
import { loadManifest, result, type CheckResult } from './manifest';

/**
 * validate() of @forge/manifest (schema + semantic). Before the static build the resource folders
 * cannot exist yet, so validate()'s "missing resource" and "empty directory" errors are left to
 * checkResources; with `afterBuild` every error counts.
 */
export async function checkSchema(
  manifestPath: string,
  options: { afterBuild: boolean },
): Promise<CheckResult> {
  const out = result('schema: validate() of @forge/manifest');
  const validation = await forgeManifest.validate(false, manifestPath);
  const deferred = new Set<string>();
  if (!options.afterBuild) {
    for (const { key, path } of loadManifest(manifestPath).resources) {
      deferred.add(forgeManifest.errors.resources.missingResource(path, key));
      deferred.add(forgeManifest.errors.resources.emptyDirectory(path, key));
    }
  }
  let skipped = 0;
  for (const error of validation.errors ?? []) {
    const where = error.line === undefined ? '' : `manifest.yml:${error.line}: `;
    if (deferred.has(error.message)) skipped += 1;
    else if (error.level === 'warning') out.notes.push(`warning: ${where}${error.message}`);
    else out.failed.push(`${where}${error.message}`);
  }
  if (skipped > 0)
    out.notes.push(`${skipped} missing build folder(s) left to the resources check (no --after-build)`);
  if (out.failed.length === 0) out.passed.push('no schema or semantic errors');
  return out;
}
