// The JavaScript a Custom UI page downloads, gzipped: every .js file of static/<app>/build, each
// gzipped with zlib at the default level (what a server sends). The admin page's budget is 250 KB
// (issue 5); `npm run bench` reports adminBundleGzipBytes(). Run directly to print every app, and
// the backend as `npm run build:forge` left it in build/forge (bench/size.ts builds it afresh).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { buildDir, staticApps } from './build-static';

export const ADMIN_BUDGET_BYTES = 250 * 1024;

function jsFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return jsFiles(path);
    return entry.name.endsWith('.js') ? [path] : [];
  });
}

/** Gzipped bytes of every .js in static/<app>/build; throws when the app is not built. */
export function bundleGzipBytes(app: string): number {
  const folder = buildDir(app);
  if (!existsSync(join(folder, 'index.html')))
    throw new Error(`static/${app}/build is missing: run npm run build first.`);
  return jsFiles(folder).reduce((sum, file) => sum + gzipSync(readFileSync(file)).length, 0);
}

export const adminBundleGzipBytes = (): number => bundleGzipBytes('admin');

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  for (const app of staticApps()) {
    try {
      const bytes = bundleGzipBytes(app);
      const budget =
        app === 'admin'
          ? ` (budget ${ADMIN_BUDGET_BYTES / 1024} KB: ${bytes <= ADMIN_BUDGET_BYTES ? 'within' : 'OVER'})`
          : '';
      console.log(`static/${app}: ${(bytes / 1024).toFixed(1)} KB of JavaScript, gzipped${budget}`);
    } catch (error) {
      console.log(`static/${app}: ${error instanceof Error ? error.message : error}`);
    }
  }
  // scripts/build-forge.ts FORGE_BUILD_DIR, not imported: this file stays free of webpack.
  const backend = resolve(import.meta.dirname, '..', 'build', 'forge', 'index.cjs');
  console.log(
    existsSync(backend)
      ? `build/forge/index.cjs: ${(readFileSync(backend).length / 1024).toFixed(1)} KB, not minified, as forge deploy ships it`
      : 'build/forge/index.cjs is missing: run npm run build:forge first.',
  );
}
