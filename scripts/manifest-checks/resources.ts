// Custom UI resources: source folders before the static build, build folders after it.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { result, type CheckResult, type Manifest } from './manifest';

/** A resource's source folder: `static/admin/build` is built from `static/admin`. */
export function sourceFolderOf(resourcePath: string): string {
  return resourcePath.replace(/\/build\/?$/, '');
}

/**
 * Before the build: each resource's source folder has an index.html or a Vite config. After the
 * build (`afterBuild`): the resource path itself is a folder holding index.html.
 */
export function checkResources(
  manifest: Manifest,
  rootDir: string,
  options: { afterBuild: boolean },
): CheckResult {
  const out = result(
    options.afterBuild ? 'resources: build folders exist' : 'resources: source folders exist',
  );
  out.notes.push(
    options.afterBuild
      ? 'checked each resources[].path for index.html'
      : 'checked source folders only; run with --after-build once the static build has run',
  );
  for (const { key, path } of manifest.resources) {
    if (options.afterBuild) {
      const ok = existsSync(join(rootDir, path, 'index.html'));
      (ok ? out.passed : out.failed).push(
        ok
          ? `${key}: ${path}/index.html`
          : `${key}: ${path}/index.html is missing (did the static build run?)`,
      );
      continue;
    }
    const source = sourceFolderOf(path);
    const markers = ['index.html', 'vite.config.ts', 'vite.config.js', 'vite.config.mjs', 'vite.config.mts'];
    const found = markers.find((name) => existsSync(join(rootDir, source, name)));
    if (found) out.passed.push(`${key}: ${source}/${found}`);
    else out.failed.push(`${key}: ${source}/ has no index.html or vite.config.* (resource path ${path})`);
  }
  return out;
}
