// The Vite configuration of every Custom UI app under static/<app>: React JSX through Vite's own
// transform, relative asset URLs (Forge serves a resource from a sub path, so `base: './'`), the
// build in static/<app>/build (the manifest's resource path), and a record of the source files
// bundled, so tests can tell whether the build is older than its sources (scripts/build-static.ts).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin, UserConfig } from 'vite';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Where the list of an app's bundled source files is kept (outside the shipped build). */
export const inputsRecordPath = (app: string): string =>
  join(REPO_ROOT, 'node_modules/.cache/static-build', `${app}.inputs.json`);

function recordInputs(app: string): Plugin {
  return {
    name: 'access-bridge:record-inputs',
    apply: 'build',
    buildEnd() {
      const files = [...this.getModuleIds()]
        .filter((id) => id.startsWith(REPO_ROOT) && !id.includes('/node_modules/') && !id.includes('\0'))
        .map((id) => relative(REPO_ROOT, id.split('?')[0] ?? id))
        .sort();
      mkdirSync(dirname(inputsRecordPath(app)), { recursive: true });
      writeFileSync(inputsRecordPath(app), JSON.stringify({ app, files }, null, 1));
    },
  };
}

/** `appDir` is static/<app>; its index.html is the entry. */
export function staticAppConfig(appDir: string): UserConfig {
  const app = appDir.replace(/\/+$/, '').split('/').pop() ?? 'app';
  return {
    root: appDir,
    base: './',
    logLevel: 'warn',
    // The same bundle whoever builds it: vitest sets NODE_ENV=test, which would otherwise switch
    // the JSX transform to React's development runtime.
    mode: 'production',
    oxc: { jsx: { runtime: 'automatic', development: false } },
    define: { 'process.env.NODE_ENV': JSON.stringify('production') },
    build: {
      outDir: join(appDir, 'build'),
      emptyOutDir: true,
      target: 'es2022',
      sourcemap: false,
      minify: true,
      // The JS budget is checked by scripts/bundle-size.ts; one chunk keeps the page's load simple.
      chunkSizeWarningLimit: 1000,
    },
    plugins: [recordInputs(app)],
  };
}
